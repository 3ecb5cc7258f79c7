/* libFuzzer target for the blosc decoder (see fuzz_decoder.h). */
#include "fuzz_decoder.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned values[7] = {2, 2, 8, 65536, 5, 1, 1};
    return fuzz_decode(values, 7, data, size);
}
