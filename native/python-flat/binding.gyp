{
  "variables": {
    "tree_sitter_dir%": "<!(node -p \"require('path').dirname(require.resolve('tree-sitter/package.json'))\")"
  },
  "targets": [
    {
      "target_name": "toasty_python_flat",
      "sources": [
        "flat.c",
        "tree-sitter-lib.c"
      ],
      "include_dirs": [
        "<(tree_sitter_dir)/vendor/tree-sitter/lib/src",
        "<(tree_sitter_dir)/vendor/tree-sitter/lib/include"
      ],
      "defines": [
        "NAPI_VERSION=8",
        "_POSIX_C_SOURCE=200112L",
        "_DEFAULT_SOURCE"
      ],
      "conditions": [
        ["OS!='win'", {
          "cflags_c": ["-std=c11", "-fvisibility=hidden"]
        }, {
          "msvs_settings": { "VCCLCompilerTool": { "AdditionalOptions": ["/std:c11"] } }
        }]
      ]
    }
  ]
}
