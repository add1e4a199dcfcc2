import { Landing } from "@/components/landing.tsx";

export default function Home() {
  return <Landing />;
}
