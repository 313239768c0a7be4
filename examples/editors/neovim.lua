-- disclosure-lint's language server in Neovim (0.11+): diagnostics on HTML and Markdown drafts as you type.
-- Put this in init.lua (or a file under plugin/); `pip install 'disclosure-lint[lsp]'` puts the command on PATH.
vim.lsp.config("disclosure_lint", {
  cmd = { "disclosure-lint", "lsp" },            -- add "--profile", "eu" or "--rules-dir", "lint" as needed
  filetypes = { "html", "markdown" },
  root_markers = { "disclosure-lint.toml", "pyproject.toml", ".git" },  -- where the configuration is found
})
vim.lsp.enable("disclosure_lint")

-- Neovim 0.10: start it per buffer instead.
-- vim.api.nvim_create_autocmd("FileType", {
--   pattern = { "html", "markdown" },
--   callback = function(args)
--     vim.lsp.start({
--       name = "disclosure-lint",
--       cmd = { "disclosure-lint", "lsp" },
--       root_dir = vim.fs.root(args.buf, { "disclosure-lint.toml", "pyproject.toml", ".git" }),
--     })
--   end,
-- })
