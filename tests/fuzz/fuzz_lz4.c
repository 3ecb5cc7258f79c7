/* libFuzzer target for the lz4 decoder (see fuzz_decoder.h). */
#include "fuzz_decoder.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned values[1] = {0};
    return fuzz_decode(values, 1, data, size);
}
