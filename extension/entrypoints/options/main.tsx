import { OptionsApp } from "../../components/pages/OptionsApp.tsx";
import { mountPage } from "../../components/pages/mount.tsx";

mountPage(<OptionsApp />);
