/* Symbol helpers for hypsim's own hyp corpus. */
#ifndef HYP_LINKAGE_H
#define HYP_LINKAGE_H

#define ASM_NL ;

#define GLOBAL(name)	.globl name ASM_NL .align 2 ASM_NL name:
#define LOCAL(name)	.align 2 ASM_NL name:
#define ENDFUNC(name)	.type name, %function ASM_NL .size name, . - name

#endif
