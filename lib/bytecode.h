/* SPDX-License-Identifier: Apache-2.0 */
/* The bytecode contract. Files bound to this format: codegen.c (emits),
 * verifier.c (checks), vm.c (runs), disasm.c (prints), opcodes.def (the list),
 * tests/golden/conditions (listings). Change them together. */
#ifndef FCI_BYTECODE_H
#define FCI_BYTECODE_H

#include <stdint.h>

typedef enum fci_op {
#define FC_OP(name, operand, acc, doc) FCI_OP_##name,
#include "opcodes.def"
#undef FC_OP
	FCI_OP__COUNT
} fci_op;

/* Operand kinds and accumulator classes named in opcodes.def. */
typedef enum fci_operand {
	FCI_OPND_NONE,
	FCI_OPND_FIELD,
	FCI_OPND_CONST,
	FCI_OPND_SET,
	FCI_OPND_NETS,
	FCI_OPND_PMSET,
	FCI_OPND_REGEX,
	FCI_OPND_MULTI,
	FCI_OPND_CODES,
	FCI_OPND_MACRO,
	FCI_OPND_JUMP,
} fci_operand;

typedef enum fci_acc {
	FCI_ACC_NONE,
	FCI_ACC_ANY,
	FCI_ACC_U64,
	FCI_ACC_I64,
	FCI_ACC_F64,
	FCI_ACC_BOOL,
	FCI_ACC_STR,
	FCI_ACC_IP,
} fci_acc;

/* flags: bits 0-2 comparison kind, then modifiers */
enum {
	FCI_CK_EQ = 0,
	FCI_CK_NE = 1,
	FCI_CK_LT = 2,
	FCI_CK_LE = 3,
	FCI_CK_GT = 4,
	FCI_CK_GE = 5,
	FCI_F_CKMASK = 0x07,
	FCI_F_NOCASE = 0x08, /* icontains, iglob */
	FCI_F_ALL = 0x10,    /* list value: every element must pass (`in` on a list field) */
	FCI_F_RHSF = 0x20,   /* compare with B (field-to-field) instead of K[k] */
	FCI_F__KNOWN = 0x3f,
};

/* Test ops set t, then pc += t ? jt : jf. Offsets are forward-only and count
 * from the next instruction, so verified programs always terminate.
 *   op:8 | flags:8 | a:16 field slot | jt:16 | jf:16 | k:32 */
typedef struct fci_insn {
	uint8_t op;    /* fci_op */
	uint8_t flags; /* FCI_F_* */
	uint16_t a;    /* field slot */
	uint16_t jt;   /* skip if true */
	uint16_t jf;   /* skip if false, or if LDF found no value */
	uint32_t k;    /* constant / pool index, or immediate */
} fci_insn;

_Static_assert(sizeof(fci_insn) == 12, "fci_insn is 12 bytes; golden disasm depends on it");

typedef struct fci_program {
	fci_insn *insns;
	uint32_t n;
} fci_program;

extern const char *const fci_op_names[FCI_OP__COUNT];
extern const uint8_t fci_op_operand[FCI_OP__COUNT];
extern const uint8_t fci_op_acc[FCI_OP__COUNT];

#endif
