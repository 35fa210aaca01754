// Peer side of the tokenizer differential test: encodes every line of a corpus with
// @lenml/tokenizers (a JavaScript port of the Hugging Face tokenizers) and writes the ids, the
// peer's own decode of them, and its encode time as JSON. Run by tokenizer_peer_check:
//   node encode_corpus.mjs <tokenizer.json> <corpus.jsonl> <out.json>
// tokenizer_config.json beside tokenizer.json is used when present, as transformers would.
import fs from 'node:fs';
import path from 'node:path';
import { TokenizerLoader } from '@lenml/tokenizers';

const [tokenizerPath, corpusPath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error('usage: node encode_corpus.mjs <tokenizer.json> <corpus.jsonl> <out.json>');
  process.exit(2);
}
const tokenizerJSON = JSON.parse(fs.readFileSync(tokenizerPath, 'utf8'));
const configPath = path.join(path.dirname(tokenizerPath), 'tokenizer_config.json');
const tokenizerConfig = fs.existsSync(configPath) ? JSON.parse(fs.readFileSync(configPath, 'utf8')) : {};
const tokenizer = TokenizerLoader.fromPreTrained({ tokenizerJSON, tokenizerConfig });

// One JSON string per line, so samples can hold newlines, tabs and CRs.
const lines = fs.readFileSync(corpusPath, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
const start = performance.now();
const ids = lines.map((text) => tokenizer.encode(text, { add_special_tokens: false }));
const seconds = (performance.now() - start) / 1000;
// (the peer refuses to decode an empty list)
const decoded = ids.map((x) => (x.length === 0 ? '' : tokenizer.decode(x, { skip_special_tokens: false, clean_up_tokenization_spaces: false })));
fs.writeFileSync(outPath, JSON.stringify({ ids, decoded, seconds }));
