import { mountPage } from "../../components/pages/mount.tsx";
import { SidePanelApp } from "../../components/training/SidePanelApp.tsx";

mountPage(<SidePanelApp />);
