// The bundled client script (src/report/html/client/), provided by scripts/client-bundle.mjs.
declare module 'virtual:hypsim-html-client' {
  const script: string;
  export default script;
}
