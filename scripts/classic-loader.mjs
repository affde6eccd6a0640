// dist/cdn/alli-chat.classic.js: for pages (and CMSs) that allow only classic scripts. A classic
// script may still import() a module; the module's URL comes from the script's own src, so the
// files work from any path or CDN.
export const CLASSIC_LOADER = `/*! <alli-chat> classic loader: imports alli-chat.js from beside this file. */
(function () {
  var script = document.currentScript;
  var url = new URL('alli-chat.js', script && script.src ? script.src : document.baseURI).href;
  import(url).catch(function (err) {
    console.warn('<alli-chat>: could not load ' + url + ' (' + (err && err.message) + '). Serve alli-chat.js and its chunks/ folder beside alli-chat.classic.js, and allow them in script-src.');
  });
})();
`;
