/*
 * toasty's batched stat (issue 19): the size and modification time of many files in one call.
 *
 * The result cache's code stamp (src/store/cache-key.ts) checks every built file and YAML pack (about
 * 280) against the stamp the build saved, at the start of every grade. Through fs.statSync that cost
 * 6-11 ms of a one-file run's profile: Node 20 builds a Stats object with four Date objects per call.
 * Here it is one crossing and one stat(2) per path.
 *
 * statFiles(paths: string[]) -> Float64Array of three numbers per path: size, mtime seconds, mtime
 * nanoseconds (as fs.statSync reads them: the caller computes mtimeMs as Node does). A path that
 * cannot be stat'ed has NaN for its size and errno as its second number.
 */
#include <node_api.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static napi_value fail(napi_env env, const char *message) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) napi_throw_error(env, NULL, message);
  return NULL;
}

#ifndef _WIN32
static napi_value stat_files(napi_env env, napi_callback_info cb) {
  size_t argc = 1;
  napi_value argv[1];
  bool is_array = false;
  if (napi_get_cb_info(env, cb, &argc, argv, NULL, NULL) != napi_ok || argc < 1 || napi_is_array(env, argv[0], &is_array) != napi_ok ||
      !is_array)
    return fail(env, "statFiles: expected an array of paths");
  uint32_t count = 0;
  if (napi_get_array_length(env, argv[0], &count) != napi_ok) return fail(env, "statFiles: expected an array of paths");
  void *data = NULL;
  napi_value buffer, result;
  if (napi_create_arraybuffer(env, (size_t)count * 3 * sizeof(double), &data, &buffer) != napi_ok) return fail(env, "statFiles: out of memory");
  double *out = (double *)data;
  char small[1024];
  for (uint32_t i = 0; i < count; i++) {
    napi_value item;
    size_t length = 0;
    if (napi_get_element(env, argv[0], i, &item) != napi_ok || napi_get_value_string_utf8(env, item, NULL, 0, &length) != napi_ok)
      return fail(env, "statFiles: expected an array of paths (strings)");
    char *path = length < sizeof small ? small : (char *)malloc(length + 1);
    if (!path) return fail(env, "statFiles: out of memory");
    napi_get_value_string_utf8(env, item, path, length + 1, &length);
    struct stat st;
    if (strlen(path) != length) {
      /* a NUL inside the path: Node refuses it too (ERR_INVALID_ARG_VALUE) */
      out[3 * i] = NAN;
      out[3 * i + 1] = EINVAL;
      out[3 * i + 2] = 0;
    } else if (stat(path, &st) == 0) {
      out[3 * i] = (double)st.st_size;
#ifdef __APPLE__
      out[3 * i + 1] = (double)st.st_mtimespec.tv_sec;
      out[3 * i + 2] = (double)st.st_mtimespec.tv_nsec;
#else
      out[3 * i + 1] = (double)st.st_mtim.tv_sec;
      out[3 * i + 2] = (double)st.st_mtim.tv_nsec;
#endif
    } else {
      out[3 * i] = NAN;
      out[3 * i + 1] = errno;
      out[3 * i + 2] = 0;
    }
    if (path != small) free(path);
  }
  if (napi_create_typedarray(env, napi_float64_array, (size_t)count * 3, buffer, 0, &result) != napi_ok) return fail(env, "statFiles: out of memory");
  return result;
}
#endif

napi_status toasty_digest_init(napi_env env, napi_value exports); /* digest.c */

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  if (toasty_digest_init(env, exports) != napi_ok) return NULL;
#ifndef _WIN32
  napi_value fn;
  if (napi_create_function(env, "statFiles", NAPI_AUTO_LENGTH, stat_files, NULL, &fn) != napi_ok ||
      napi_set_named_property(env, exports, "statFiles", fn) != napi_ok)
    return NULL;
#endif
  return exports;
}
