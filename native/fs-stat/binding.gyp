{
  "targets": [
    {
      "target_name": "toasty_fs_stat",
      "sources": ["stat.c", "digest.c"],
      "defines": ["NAPI_VERSION=8", "_POSIX_C_SOURCE=200809L", "_DEFAULT_SOURCE", "_DARWIN_C_SOURCE"],
      "conditions": [
        ["OS!='win'", {
          "cflags_c": ["-std=c11", "-fvisibility=hidden"]
        }]
      ]
    }
  ]
}
