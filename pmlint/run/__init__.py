"""Running the pipeline over files: `discover` the files, resolve each one's rule set and lint
it (`runner`), over many files in order and in worker processes (`pipeline`, `parallel`),
rules over a document (`engine`), `suppress` comments, the per-file result `cache`, the
`baseline` and the `progress` bar."""
