#ifndef SD_FUZZ_DRIVER_H
#define SD_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry for programs that keep their own main(): it parses libFuzzer's flags from
/// argv and runs `callback` on each input (https://llvm.org/docs/LibFuzzer.html, "Using
/// libFuzzer as a library"). Defined by the runtime that -sanitize=fuzzer links in.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
