/* SPDX-License-Identifier: Apache-2.0 */
/* White-box: the verifier rejects malformed programs; the VM runs
 * hand-built ones (absent -> jf, not swaps exits, forward jumps). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "ruleset_impl.h"

/* A tiny ruleset: slot 0 UINT64, slot 1 STRING; consts K0 = 1 (u64),
 * K1 = "x" (string); one macro. */
static fc_ruleset rs;
static fci_slot slots[2];
static fc_value consts[2];
static fci_insn macro_insns[] = {{.op = FCI_OP_RET, .k = 1}};
static fci_macro_prog macros[1];

static void init_rs(void)
{
	memset(&rs, 0, sizeof(rs));
	slots[0] = (fci_slot){.kind = FCI_SLOT_FIELD, .type = FC_TYPE_UINT64, .text = "a"};
	slots[1] = (fci_slot){.kind = FCI_SLOT_FIELD, .type = FC_TYPE_STRING, .text = "s"};
	consts[0] = (fc_value){.type = FC_TYPE_UINT64, .u.u64 = 1};
	consts[1] = (fc_value){.type = FC_TYPE_STRING, .u.str = {"x", 1}};
	macros[0] = (fci_macro_prog){.name = "m", .prog = {macro_insns, 1}};
	rs.slots = slots;
	rs.n_slots = 2;
	rs.consts = consts;
	rs.n_consts = 2;
	rs.macros = macros;
	rs.n_macros = 1;
}

static int verify(const fci_insn *v, uint32_t n)
{
	char err[200];
	fci_program p = {(fci_insn *)v, n};

	return fci_verify(&rs, &p, -1, err, sizeof(err));
}

static void test_verifier_accepts(void **state)
{
	/* a = 1 and s = "x" */
	const fci_insn ok[] = {
	        {.op = FCI_OP_LDF, .a = 0, .jf = 4}, {.op = FCI_OP_JCMP_U64, .k = 0, .jf = 3},
	        {.op = FCI_OP_LDF, .a = 1, .jf = 2}, {.op = FCI_OP_JCMP_STR, .k = 1, .jf = 1},
	        {.op = FCI_OP_RET, .k = 1},          {.op = FCI_OP_RET, .k = 0},
	};

	(void)state;
	init_rs();
	assert_int_equal(verify(ok, 6), FC_OK);
}

static void test_verifier_rejects(void **state)
{
	(void)state;
	init_rs();
	/* empty */
	assert_int_equal(verify(NULL, 0), FC_EINVAL);
	/* no final RET */
	assert_int_equal(verify((fci_insn[]){{.op = FCI_OP_LDF, .a = 0}}, 1), FC_EINVAL);
	/* unknown opcode */
	assert_int_equal(verify((fci_insn[]){{.op = 200}, {.op = FCI_OP_RET}}, 2), FC_EINVAL);
	/* unknown flags */
	assert_int_equal(verify((fci_insn[]){{.op = FCI_OP_RET, .flags = 0x80}}, 1), FC_EINVAL);
	/* RET value */
	assert_int_equal(verify((fci_insn[]){{.op = FCI_OP_RET, .k = 2}}, 1), FC_EINVAL);
	/* slot out of range */
	assert_int_equal(verify((fci_insn[]){{.op = FCI_OP_LDF, .a = 9}, {.op = FCI_OP_RET}}, 2),
	                 FC_EINVAL);
	/* constant out of range */
	assert_int_equal(verify((fci_insn[]){{.op = FCI_OP_LDF, .a = 0},
	                                     {.op = FCI_OP_JCMP_U64, .k = 7},
	                                     {.op = FCI_OP_RET}},
	                        3),
	                 FC_EINVAL);
	/* jump past the end */
	assert_int_equal(
	        verify((fci_insn[]){{.op = FCI_OP_LDF, .a = 0, .jf = 5}, {.op = FCI_OP_RET}}, 2),
	        FC_EINVAL);
	assert_int_equal(verify((fci_insn[]){{.op = FCI_OP_JA, .k = 1}, {.op = FCI_OP_RET}}, 2),
	                 FC_EINVAL);
	/* test without a load before it */
	assert_int_equal(
	        verify((fci_insn[]){{.op = FCI_OP_JCMP_U64, .k = 0}, {.op = FCI_OP_RET}}, 2),
	        FC_EINVAL);
	/* a jump landing on a test (A not loaded on that path) */
	assert_int_equal(verify((fci_insn[]){{.op = FCI_OP_JA, .k = 1},
	                                     {.op = FCI_OP_LDF, .a = 0},
	                                     {.op = FCI_OP_JCMP_U64, .k = 0},
	                                     {.op = FCI_OP_RET}},
	                        4),
	                 FC_EINVAL);
	/* type mismatch: string test on a UINT64 slot; const of the wrong type */
	assert_int_equal(verify((fci_insn[]){{.op = FCI_OP_LDF, .a = 0},
	                                     {.op = FCI_OP_JCONTAINS, .k = 1},
	                                     {.op = FCI_OP_RET}},
	                        3),
	                 FC_EINVAL);
	assert_int_equal(verify((fci_insn[]){{.op = FCI_OP_LDF, .a = 0},
	                                     {.op = FCI_OP_JCMP_U64, .k = 1},
	                                     {.op = FCI_OP_RET}},
	                        3),
	                 FC_EINVAL);
	/* macro calls: in range, and from a macro only to an earlier one */
	assert_int_equal(verify((fci_insn[]){{.op = FCI_OP_JMACRO, .k = 0}, {.op = FCI_OP_RET}}, 2),
	                 FC_OK);
	assert_int_equal(verify((fci_insn[]){{.op = FCI_OP_JMACRO, .k = 1}, {.op = FCI_OP_RET}}, 2),
	                 FC_EINVAL);
	{
		char err[200];
		fci_program p = {(fci_insn[]){{.op = FCI_OP_JMACRO, .k = 0}, {.op = FCI_OP_RET}},
		                 2};

		assert_int_equal(fci_verify(&rs, &p, 0, err, sizeof(err)), FC_EINVAL);
		assert_non_null(strstr(err, "later macro"));
	}
	/* pool indices */
	assert_int_equal(verify((fci_insn[]){{.op = FCI_OP_LDF, .a = 1},
	                                     {.op = FCI_OP_JREGEX, .k = 0},
	                                     {.op = FCI_OP_RET}},
	                        3),
	                 FC_EINVAL);
	assert_int_equal(verify((fci_insn[]){{.op = FCI_OP_JCODE, .k = 0}, {.op = FCI_OP_RET}}, 2),
	                 FC_EINVAL);
}

/* ---- running ---- */

typedef struct fake {
	fci_cache_entry e[2];
	int calls[2];
	bool present[2];
} fake;

static const fci_cache_entry *fake_fill(fci_vm *vm, uint32_t slot)
{
	fake *f = vm->user;

	f->calls[slot]++;
	f->e[slot].gen = vm->gen;
	f->e[slot].present = f->present[slot];
	return &f->e[slot];
}

static int run(const fci_insn *v, uint32_t n, fake *f)
{
	fci_vm vm;
	fci_program p = {(fci_insn *)v, n};
	fci_cache_entry cache[2] = {{0}, {0}};
	uint64_t mg[1] = {0};
	uint8_t mr[1] = {0};

	assert_int_equal(verify(v, n), FC_OK);
	memset(&vm, 0, sizeof(vm));
	vm.rs = &rs;
	vm.cache = cache;
	vm.macro_gen = mg;
	vm.macro_res = mr;
	vm.gen = 1;
	vm.fill = fake_fill;
	vm.user = f;
	return fci_vm_run(&vm, &p);
}

static void test_vm_and_absent_not(void **state)
{
	/* a = 1 and s = "x" */
	const fci_insn and_prog[] = {
	        {.op = FCI_OP_LDF, .a = 0, .jf = 4}, {.op = FCI_OP_JCMP_U64, .k = 0, .jf = 3},
	        {.op = FCI_OP_LDF, .a = 1, .jf = 2}, {.op = FCI_OP_JCMP_STR, .k = 1, .jf = 1},
	        {.op = FCI_OP_RET, .k = 1},          {.op = FCI_OP_RET, .k = 0},
	};
	/* not a = 1: the compare's exits swapped; absent (LDF jf) still false
	 * for the inner predicate, so `not` of it is true */
	const fci_insn not_prog[] = {
	        {.op = FCI_OP_LDF, .a = 0, .jf = 1},
	        {.op = FCI_OP_JCMP_U64, .k = 0, .jt = 1},
	        {.op = FCI_OP_RET, .k = 1},
	        {.op = FCI_OP_RET, .k = 0},
	};
	fake f;

	(void)state;
	init_rs();
	memset(&f, 0, sizeof(f));
	f.present[0] = f.present[1] = true;
	f.e[0].v = (fc_value){.type = FC_TYPE_UINT64, .u.u64 = 1};
	f.e[1].v = (fc_value){.type = FC_TYPE_STRING, .u.str = {"x", 1}};
	assert_int_equal(run(and_prog, 6, &f), 1);
	f.e[0].v.u.u64 = 2;
	memset(f.calls, 0, sizeof(f.calls));
	assert_int_equal(run(and_prog, 6, &f), 0);
	assert_int_equal(f.calls[1], 0); /* short-circuit */
	f.present[0] = false;
	assert_int_equal(run(and_prog, 6, &f), 0);
	assert_int_equal(run(not_prog, 4, &f), 1);
	f.present[0] = true;
	assert_int_equal(run(not_prog, 4, &f), 1); /* 2 != 1 */
	f.e[0].v.u.u64 = 1;
	assert_int_equal(run(not_prog, 4, &f), 0);
}

static void test_vm_macro_memo(void **state)
{
	const fci_insn prog[] = {
	        {.op = FCI_OP_JMACRO, .k = 0, .jf = 1},
	        {.op = FCI_OP_JMACRO, .k = 0, .jf = 0},
	        {.op = FCI_OP_RET, .k = 1},
	};
	fake f;

	(void)state;
	init_rs();
	memset(&f, 0, sizeof(f));
	assert_int_equal(run(prog, 3, &f), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_verifier_accepts),
	        cmocka_unit_test(test_verifier_rejects),
	        cmocka_unit_test(test_vm_and_absent_not),
	        cmocka_unit_test(test_vm_macro_memo),
	};

	return cmocka_run_group_tests_name("vm", tests, NULL, NULL);
}
