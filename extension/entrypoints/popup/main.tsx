import { PopupApp } from "../../components/pages/PopupApp.tsx";
import { mountPage } from "../../components/pages/mount.tsx";

mountPage(<PopupApp />);
