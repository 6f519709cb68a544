/*
 * toasty's Python parse table (issue 19).
 *
 * Parses a JS string with tree-sitter and hands back the whole tree as one Int32Array, in the order a
 * TSTreeCursor visits it (pre-order, visible nodes only), so the JS side builds its tree without one
 * crossing into native code per node: the conversion through node-tree-sitter's cursor cost 1.6-2.2 CPU-s
 * of a standard-library run, for 2.1 M nodes, where building the same nodes from a table costs 0.1 s.
 * The tree itself is freed before `parse` returns, so no native memory outlives the call.
 *
 * The grammar is tree-sitter-python's own `language` External (the one node-tree-sitter is given);
 * the tree-sitter runtime is compiled from the sources node-tree-sitter ships (binding.gyp).
 *
 * Table: a header of HEADER ints, then NODE_INTS ints per node:
 *   [0] symbol | field id << 16   (ts_node_symbol: aliases have their own; ERROR is 0xffff)
 *   [1] start, [2] end            (UTF-16 code units: the JS string's offsets)
 *   [3] visible child count | named << 28 | missing << 29
 * Header: [0] TABLE_VERSION, [1] node count, [2] 1 when the root has an error, [3] 0.
 */
#include <node_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>
#ifndef _WIN32
#include <pthread.h>
#endif

#define TABLE_VERSION 1
#define HEADER 4
#define NODE_INTS 4

/* "tree-sitter", "language" hashed with BLAKE2: the tag tree-sitter's grammar bindings put on `language`. */
static const napi_type_tag LANGUAGE_TYPE_TAG = {0x8AF2E5212AD58ABFULL, 0xD5006CAD83ABBA16ULL};

#define MAX_IDLE 4

typedef struct {
  const TSLanguage *language;
  /* The parser of `parse`; `parseAsync` takes one of `idle` (or a new one) per parse in flight. */
  TSParser *parser;
  TSParser *idle[MAX_IDLE];
  int idle_count;
} State;

#define CHECK(call)                                                                                           \
  do {                                                                                                        \
    if ((call) != napi_ok) return throw_last(env);                                                            \
  } while (0)

static napi_value throw_last(napi_env env) {
  const napi_extended_error_info *info = NULL;
  napi_get_last_error_info(env, &info);
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) napi_throw_error(env, NULL, info && info->error_message ? info->error_message : "N-API call failed");
  return NULL;
}

static napi_value throw_msg(napi_env env, const char *message) {
  napi_throw_error(env, NULL, message);
  return NULL;
}

static void state_free(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  State *s = (State *)data;
  if (s->parser) ts_parser_delete(s->parser);
  for (int i = 0; i < s->idle_count; i++) ts_parser_delete(s->idle[i]);
  free(s);
}

static State *state_of(napi_env env) {
  State *s = NULL;
  if (napi_get_instance_data(env, (void **)&s) != napi_ok) return NULL;
  return s;
}

/* setLanguage(language: External) → { symbols: (string|null)[], fields: (string|null)[] } (by id) */
static napi_value set_language(napi_env env, napi_callback_info cb) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, cb, &argc, argv, NULL, NULL));
  if (argc < 1) return throw_msg(env, "setLanguage: expected tree-sitter-python's `language`");
  napi_valuetype t;
  CHECK(napi_typeof(env, argv[0], &t));
  if (t != napi_external) return throw_msg(env, "setLanguage: expected an External (tree-sitter-python's `language`)");
  bool tagged = false;
  CHECK(napi_check_object_type_tag(env, argv[0], &LANGUAGE_TYPE_TAG, &tagged));
  if (!tagged) return throw_msg(env, "setLanguage: the External is not a tree-sitter language");
  void *ptr = NULL;
  CHECK(napi_get_value_external(env, argv[0], &ptr));
  State *s = state_of(env);
  if (!s) return throw_msg(env, "setLanguage: the addon was not initialised");
  const TSLanguage *language = (const TSLanguage *)ptr;
  if (!s->parser) s->parser = ts_parser_new();
  if (!ts_parser_set_language(s->parser, language)) {
    return throw_msg(env, "setLanguage: the grammar's ABI version is not one this tree-sitter runtime reads");
  }
  s->language = language;
  for (int i = 0; i < s->idle_count; i++) ts_parser_delete(s->idle[i]);
  s->idle_count = 0;

  napi_value out, symbols, fields;
  CHECK(napi_create_object(env, &out));
  uint32_t nsym = ts_language_symbol_count(language);
  CHECK(napi_create_array_with_length(env, nsym, &symbols));
  for (uint32_t i = 0; i < nsym; i++) {
    const char *name = ts_language_symbol_name(language, (TSSymbol)i);
    napi_value v;
    if (name) CHECK(napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &v));
    else CHECK(napi_get_null(env, &v));
    CHECK(napi_set_element(env, symbols, i, v));
  }
  uint32_t nfield = ts_language_field_count(language);
  CHECK(napi_create_array_with_length(env, nfield + 1, &fields));
  for (uint32_t i = 0; i <= nfield; i++) {
    const char *name = i == 0 ? NULL : ts_language_field_name_for_id(language, (TSFieldId)i);
    napi_value v;
    if (name) CHECK(napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &v));
    else CHECK(napi_get_null(env, &v));
    CHECK(napi_set_element(env, fields, i, v));
  }
  CHECK(napi_set_named_property(env, out, "symbols", symbols));
  CHECK(napi_set_named_property(env, out, "fields", fields));
  return out;
}

typedef struct {
  int32_t *data;
  size_t len, cap;
} Ints;

static int ints_reserve(Ints *a, size_t more) {
  if (a->len + more <= a->cap) return 1;
  size_t cap = a->cap ? a->cap : 4096;
  while (cap < a->len + more) cap *= 2;
  int32_t *p = (int32_t *)realloc(a->data, cap * sizeof(int32_t));
  if (!p) return 0;
  a->data = p;
  a->cap = cap;
  return 1;
}

/*
 * Parses `units` UTF-16 code units and fills `table` (header and nodes). Returns NULL, or what went
 * wrong. Touches no JS value, so it runs on a libuv thread for `parseAsync`.
 */
static const char *build_table(TSParser *parser, const char16_t *text, size_t units, Ints *table) {
  TSTree *tree = ts_parser_parse_string_encoding(parser, NULL, (const char *)text, (uint32_t)(units * 2),
                                                 TSInputEncodingUTF16LE);
  if (!tree) return "tree-sitter returned no tree";
  TSNode root = ts_tree_root_node(tree);
  /* Record index of each open ancestor: its child count is bumped as each child is recorded. */
  Ints open = {0};
  int ok = ints_reserve(table, HEADER);
  if (ok) {
    table->data[0] = TABLE_VERSION;
    table->data[1] = 0;
    table->data[2] = ts_node_has_error(root) ? 1 : 0;
    table->data[3] = 0;
    table->len = HEADER;
  }
  TSTreeCursor c = ts_tree_cursor_new(root);
  int32_t count = 0;
  while (ok) {
    TSNode n = ts_tree_cursor_current_node(&c);
    if (!ints_reserve(table, NODE_INTS)) {
      ok = 0;
      break;
    }
    size_t at = table->len;
    int32_t *r = table->data + at;
    r[0] = (int32_t)ts_node_symbol(n) | ((int32_t)ts_tree_cursor_current_field_id(&c) << 16);
    r[1] = (int32_t)(ts_node_start_byte(n) / 2);
    r[2] = (int32_t)(ts_node_end_byte(n) / 2);
    r[3] = (ts_node_is_named(n) ? 1 << 28 : 0) | (ts_node_is_missing(n) ? 1 << 29 : 0);
    table->len += NODE_INTS;
    count++;
    if (open.len > 0) table->data[open.data[open.len - 1] + 3]++;
    if (ts_tree_cursor_goto_first_child(&c)) {
      if (!ints_reserve(&open, 1)) {
        ok = 0;
        break;
      }
      open.data[open.len++] = (int32_t)at;
      continue;
    }
    int done = 0;
    while (!ts_tree_cursor_goto_next_sibling(&c)) {
      if (open.len == 0 || !ts_tree_cursor_goto_parent(&c)) {
        done = 1;
        break;
      }
      open.len--;
      if (open.len == 0) {
        done = 1;
        break;
      }
    }
    if (done) break;
  }
  ts_tree_cursor_delete(&c);
  ts_tree_delete(tree);
  free(open.data);
  if (!ok) return "out of memory";
  table->data[1] = count;
  return NULL;
}

/* The JS string's UTF-16 code units, copied (N-API reads strings only on the JS thread). */
static char16_t *copy_text(napi_env env, napi_value value, size_t *units, const char **error) {
  napi_valuetype t;
  if (napi_typeof(env, value, &t) != napi_ok || t != napi_string) {
    *error = "expected the source text (a string)";
    return NULL;
  }
  size_t n = 0;
  if (napi_get_value_string_utf16(env, value, NULL, 0, &n) != napi_ok) {
    *error = "could not read the source text";
    return NULL;
  }
  if (n > 0x3fffffff) {
    *error = "the source is too long (over 1 G UTF-16 units)";
    return NULL;
  }
  char16_t *text = (char16_t *)malloc((n + 1) * sizeof(char16_t));
  if (!text) {
    *error = "out of memory";
    return NULL;
  }
  if (napi_get_value_string_utf16(env, value, text, n + 1, units) != napi_ok) {
    free(text);
    *error = "could not read the source text";
    return NULL;
  }
  return text;
}

/* A finished table as an Int32Array (its memory copied into a JS ArrayBuffer); frees the table. */
static napi_value table_array(napi_env env, Ints *table) {
  napi_value buffer, array;
  void *bytes = NULL;
  if (napi_create_arraybuffer(env, table->len * sizeof(int32_t), &bytes, &buffer) != napi_ok) {
    free(table->data);
    table->data = NULL;
    return throw_last(env);
  }
  memcpy(bytes, table->data, table->len * sizeof(int32_t));
  size_t len = table->len;
  free(table->data);
  table->data = NULL;
  CHECK(napi_create_typedarray(env, napi_int32_array, len, buffer, 0, &array));
  return array;
}

/* A parser for one parse: the state's idle ones are reused (a TSParser serves one parse at a time). */
static TSParser *take_parser(State *s) {
  if (s->idle_count > 0) return s->idle[--s->idle_count];
  TSParser *p = ts_parser_new();
  if (p && !ts_parser_set_language(p, s->language)) {
    ts_parser_delete(p);
    return NULL;
  }
  return p;
}

static void give_parser(State *s, TSParser *p) {
  if (s->idle_count < MAX_IDLE) s->idle[s->idle_count++] = p;
  else ts_parser_delete(p);
}

/*
 * The state and a copy of the text argument of `parse` / `parseAsync`; NULL with an exception
 * thrown (naming `who` and what was expected) when either is missing.
 */
static char16_t *text_argument(napi_env env, napi_callback_info cb, const char *who, State **state, size_t *units) {
  size_t argc = 1;
  napi_value argv[1];
  char message[128];
  const char *error = NULL;
  if (napi_get_cb_info(env, cb, &argc, argv, NULL, NULL) != napi_ok) return (char16_t *)throw_last(env);
  *state = state_of(env);
  if (!*state || !(*state)->language) error = "setLanguage was not called";
  char16_t *text = error || argc < 1 ? NULL : copy_text(env, argv[0], units, &error);
  if (!text) {
    snprintf(message, sizeof message, "%s: %s", who, error ? error : "expected the source text (a string)");
    napi_throw_error(env, NULL, message);
  }
  return text;
}

/* parse(text: string) → Int32Array (see the table's layout above). */
static napi_value parse(napi_env env, napi_callback_info cb) {
  State *s = NULL;
  size_t units = 0;
  char16_t *text = text_argument(env, cb, "parse", &s, &units);
  if (!text) return NULL;
  Ints table = {0};
  const char *error;
  error = build_table(s->parser, text, units, &table);
  free(text);
  if (error) {
    free(table.data);
    return throw_msg(env, error);
  }
  return table_array(env, &table);
}

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  State *state;
  TSParser *parser;
  char16_t *text;
  size_t units;
  Ints table;
  const char *error;
} Job;

#ifndef _WIN32
/*
 * One `parseAsync` parse runs at a time in the process: the grading loop queues several files
 * ahead (engine/read-ahead.ts), and on two cores a second parse would only take the core the grading
 * thread needs. Parses queued together run in about their queued order (libuv hands out work in
 * order; a lock is not strictly fair). Static, so it outlives every environment that uses it.
 */
static pthread_mutex_t one_parse = PTHREAD_MUTEX_INITIALIZER;
#endif

static void job_execute(napi_env env, void *data) {
  (void)env;
  Job *job = (Job *)data;
#ifndef _WIN32
  pthread_mutex_lock(&one_parse);
#endif
  job->error = build_table(job->parser, job->text, job->units, &job->table);
#ifndef _WIN32
  pthread_mutex_unlock(&one_parse);
#endif
  free(job->text);
  job->text = NULL;
}

static void job_complete(napi_env env, napi_status status, void *data) {
  Job *job = (Job *)data;
  give_parser(job->state, job->parser);
  napi_value result = NULL;
  if (status == napi_ok && !job->error) result = table_array(env, &job->table);
  if (result) {
    napi_resolve_deferred(env, job->deferred, result);
  } else {
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    napi_value error = NULL, message;
    if (pending) napi_get_and_clear_last_exception(env, &error);
    else if (napi_create_string_utf8(env, job->error ? job->error : "the parse was cancelled", NAPI_AUTO_LENGTH, &message) == napi_ok)
      napi_create_error(env, NULL, message, &error);
    if (!error) napi_get_undefined(env, &error);
    napi_reject_deferred(env, job->deferred, error);
  }
  free(job->table.data);
  napi_delete_async_work(env, job->work);
  free(job);
}

/*
 * parseAsync(text: string) → Promise<Int32Array>: the same table, parsed on a libuv thread, so the
 * grading loop can parse the next file while this thread grades the current one.
 */
static napi_value parse_async(napi_env env, napi_callback_info cb) {
  State *s = NULL;
  size_t units = 0;
  char16_t *text = text_argument(env, cb, "parseAsync", &s, &units);
  if (!text) return NULL;
  Job *job = (Job *)calloc(1, sizeof(Job));
  TSParser *parser = job ? take_parser(s) : NULL;
  if (!job || !parser) {
    free(text);
    free(job);
    return throw_msg(env, "parseAsync: out of memory");
  }
  job->state = s;
  job->parser = parser;
  job->text = text;
  job->units = units;
  napi_value promise, name;
  if (napi_create_promise(env, &job->deferred, &promise) != napi_ok ||
      napi_create_string_utf8(env, "toasty:python-parse", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_async_work(env, NULL, name, job_execute, job_complete, job, &job->work) != napi_ok ||
      napi_queue_async_work(env, job->work) != napi_ok) {
    give_parser(s, parser);
    free(text);
    free(job);
    return throw_last(env);
  }
  return promise;
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  State *s = (State *)calloc(1, sizeof(State));
  if (!s) return NULL;
  if (napi_set_instance_data(env, s, state_free, NULL) != napi_ok) {
    free(s);
    return NULL;
  }
  napi_value fn;
  if (napi_create_function(env, "setLanguage", NAPI_AUTO_LENGTH, set_language, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "setLanguage", fn) != napi_ok) return NULL;
  if (napi_create_function(env, "parse", NAPI_AUTO_LENGTH, parse, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "parse", fn) != napi_ok) return NULL;
  if (napi_create_function(env, "parseAsync", NAPI_AUTO_LENGTH, parse_async, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "parseAsync", fn) != napi_ok) return NULL;
  napi_value version;
  if (napi_create_int32(env, TABLE_VERSION, &version) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "tableVersion", version) != napi_ok) return NULL;
  return exports;
}
