export default function Home() {
  return <main>Hookbin</main>;
}
