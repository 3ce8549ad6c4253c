/* Test plugin built for an ABI that does not exist: the loader must refuse
 * it before reading anything past the version. */
#include <tidings/tidings.h>

TD_EXPORT extern const td_stage_plugin tidings_stage;
const td_stage_plugin tidings_stage = {
    .abi_version = 99,
    .struct_size = sizeof(td_stage_plugin),
    .name = "badabi",
};
