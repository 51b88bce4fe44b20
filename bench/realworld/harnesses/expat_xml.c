// XML: expat parses the input as a document with namespace processing, fed in two pieces (the
// incremental path), with handlers for elements, attributes, text, comments, processing
// instructions, namespace declarations and DTD declarations, so the tokenizer, the prolog state
// machine and the attribute and namespace tables all run. External entities are not loaded;
// internal general and parameter entities are expanded (expat's amplification limits apply).
#include <stddef.h>
#include <stdint.h>

#include "expat.h"

struct Counts {
  size_t elements;
  size_t attributes;
  size_t text_bytes;
  size_t other;
};

static void XMLCALL OnStart(void* user, const XML_Char* name, const XML_Char** attributes) {
  struct Counts* counts = user;
  (void)name;
  counts->elements++;
  for (size_t i = 0; attributes[i] != NULL; i += 2) counts->attributes++;
}
static void XMLCALL OnEnd(void* user, const XML_Char* name) {
  (void)user;
  (void)name;
}
static void XMLCALL OnText(void* user, const XML_Char* text, int length) {
  (void)text;
  ((struct Counts*)user)->text_bytes += (size_t)length;
}
static void XMLCALL OnComment(void* user, const XML_Char* text) {
  (void)text;
  ((struct Counts*)user)->other++;
}
static void XMLCALL OnProcessingInstruction(void* user, const XML_Char* target,
                                            const XML_Char* text) {
  (void)target;
  (void)text;
  ((struct Counts*)user)->other++;
}
static void XMLCALL OnNamespace(void* user, const XML_Char* prefix, const XML_Char* uri) {
  (void)prefix;
  (void)uri;
  ((struct Counts*)user)->other++;
}
static void XMLCALL OnDoctype(void* user, const XML_Char* name, const XML_Char* system_id,
                              const XML_Char* public_id, int has_internal_subset) {
  (void)name;
  (void)system_id;
  (void)public_id;
  (void)has_internal_subset;
  ((struct Counts*)user)->other++;
}
static void XMLCALL OnEntityDecl(void* user, const XML_Char* name, int is_parameter,
                                 const XML_Char* value, int value_length, const XML_Char* base,
                                 const XML_Char* system_id, const XML_Char* public_id,
                                 const XML_Char* notation) {
  (void)name;
  (void)is_parameter;
  (void)value;
  (void)value_length;
  (void)base;
  (void)system_id;
  (void)public_id;
  (void)notation;
  ((struct Counts*)user)->other++;
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 20)) return 0;
  XML_Parser parser = XML_ParserCreateNS(NULL, '|');
  if (parser == NULL) return 0;
  // A fixed salt: expat would otherwise read entropy (a getrandom call) for every parser.
  XML_SetHashSalt(parser, 0x6869766566757a7aUL);
  struct Counts counts = {0, 0, 0, 0};
  XML_SetUserData(parser, &counts);
  XML_SetElementHandler(parser, OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser, OnText);
  XML_SetCommentHandler(parser, OnComment);
  XML_SetProcessingInstructionHandler(parser, OnProcessingInstruction);
  XML_SetStartNamespaceDeclHandler(parser, OnNamespace);
  XML_SetStartDoctypeDeclHandler(parser, OnDoctype);
  XML_SetEntityDeclHandler(parser, OnEntityDecl);
  XML_SetParamEntityParsing(parser, XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE);
  const size_t half = size / 2;
  if (XML_Parse(parser, (const char*)data, (int)half, XML_FALSE) == XML_STATUS_OK) {
    XML_Parse(parser, (const char*)data + half, (int)(size - half), XML_TRUE);
  }
  XML_ParserFree(parser);
  return 0;
}
