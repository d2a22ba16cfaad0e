// Renders CSL-JSON with citeproc-js (the processor inside Zotero) in the APA 7th edition style,
// and prints the bibliography entry as plain text.
// Usage: node apa.js CITEPROC_DIR STYLE.csl LOCALE.xml ITEMS.json
const fs = require('fs');
const path = require('path');
const [citeprocDir, stylePath, localePath, itemsPath] = process.argv.slice(2);
const CSL = require(path.resolve(citeprocDir, 'citeproc_commonjs.js'));
const items = JSON.parse(fs.readFileSync(itemsPath, 'utf8'));
const byId = Object.fromEntries(items.map((i) => [i.id, i]));
const sys = {
  retrieveLocale: () => fs.readFileSync(localePath, 'utf8'),
  retrieveItem: (id) => byId[id],
};
const engine = new CSL.Engine(sys, fs.readFileSync(stylePath, 'utf8'));
engine.setOutputFormat('text');
engine.updateItems(Object.keys(byId));
const [, entries] = engine.makeBibliography();
process.stdout.write(entries.map((e) => e.trim()).join('\n') + '\n');
