// Scripting-language parser: Lua 5.4 loads the input as a source chunk (text only; binary
// chunks are not safe to load from untrusted input), which lexes, parses and generates the
// bytecode of the whole chunk, and dumps the compiled function (ldump), without running it.
// Each input gets a fresh lua_State, so runs share nothing.
#include <stddef.h>
#include <stdint.h>

#include "lauxlib.h"
#include "lua.h"

static int CountBytes(lua_State* state, const void* bytes, size_t size, void* user) {
  (void)state;
  (void)bytes;
  *(size_t*)user += size;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 16)) return 0;
  lua_State* state = luaL_newstate();
  if (state == NULL) return 0;
  if (luaL_loadbufferx(state, (const char*)data, size, "=input", "t") == LUA_OK) {
    size_t dumped = 0;
    lua_dump(state, CountBytes, &dumped, 0);
  }
  lua_close(state);
  return 0;
}
