/* tree-sitter's runtime, from the sources node-tree-sitter ships (binding.gyp puts its lib/src first on the
   include path), so the addon parses with the same version node-tree-sitter does. */
#include "lib.c"
