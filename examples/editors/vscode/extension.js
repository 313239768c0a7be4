// A minimal VS Code extension that starts `disclosure-lint lsp` for HTML and Markdown files.
// Install: cd examples/editors/vscode && npm install && npx @vscode/vsce package, then
// "Extensions: Install from VSIX...". Or copy the folder to ~/.vscode/extensions/disclosure-lint.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration("disclosureLint").get("command");
  client = new LanguageClient(
    "disclosure-lint",
    "disclosure-lint",
    { command, args },
    { documentSelector: [{ scheme: "file", language: "html" }, { scheme: "file", language: "markdown" }] },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
