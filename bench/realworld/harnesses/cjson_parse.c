// JSON: cJSON parses the input (length-bounded, no NUL needed), and a document that parses is
// printed back compactly and indented, deep-copied and compared with its copy, and the compact
// text parsed again; a copy of the input is minified in place. Nesting is limited by cJSON
// itself (CJSON_NESTING_LIMIT, 1000).
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 18)) return 0;
  cJSON* json = cJSON_ParseWithLength((const char*)data, size);
  if (json != NULL) {
    char* compact = cJSON_PrintUnformatted(json);
    char* indented = cJSON_Print(json);
    cJSON* copy = cJSON_Duplicate(json, 1);
    if (copy != NULL) cJSON_Compare(json, copy, 1);
    if (compact != NULL) {
      cJSON* again = cJSON_Parse(compact);
      cJSON_Delete(again);
    }
    cJSON_free(compact);
    cJSON_free(indented);
    cJSON_Delete(copy);
    cJSON_Delete(json);
  }
  char* text = malloc(size + 1);
  if (text != NULL) {
    memcpy(text, data, size);
    text[size] = '\0';
    cJSON_Minify(text);
    free(text);
  }
  return 0;
}
