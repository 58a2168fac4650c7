/* Structure offsets; hypsim generates the real file from its layouts of the vcpu structures. */
#include <generated/asm-offsets.h>
