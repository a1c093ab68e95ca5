/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of lib/util.c and lib/rules.c helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "rules.h"

static void test_buf_printf_and_json(void **state)
{
	fci_buf b;

	(void)state;
	fci_buf_init(&b);
	fci_buf_printf(&b, "%d-%s", 42, "x");
	fci_buf_addc(&b, ' ');
	fci_buf_add_json_str(&b, "a\"b\\c\n\x01", 7);
	assert_false(b.oom);
	assert_string_equal(b.p, "42-x \"a\\\"b\\\\c\\n\\u0001\"");
	fci_buf_free(&b);
}

static void test_strmap(void **state)
{
	fci_strmap m;
	char keys[200][16];
	int i;

	(void)state;
	fci_strmap_init(&m);
	for (i = 0; i < 200; i++) {
		snprintf(keys[i], sizeof(keys[i]), "key%d", i);
		assert_int_equal(fci_strmap_put(&m, keys[i], strlen(keys[i]), &keys[i]), FC_OK);
	}
	assert_int_equal(m.n, 200);
	for (i = 0; i < 200; i++)
		assert_ptr_equal(fci_strmap_get(&m, keys[i], strlen(keys[i])), &keys[i]);
	assert_null(fci_strmap_get(&m, "key200", 6));
	assert_null(fci_strmap_get(&m, "key1", 3)); /* prefix of a key is not a key */
	fci_strmap_free(&m);
}

static void test_arena_reuse(void **state)
{
	fci_arena a;
	char *p;
	int i;

	(void)state;
	fci_arena_init(&a, 64);
	for (i = 0; i < 100; i++)
		assert_non_null(fci_arena_alloc(&a, 40));
	p = fci_arena_strdup(&a, "hello");
	assert_string_equal(p, "hello");
	assert_true(((uintptr_t)fci_arena_alloc(&a, 3) & 7) == 0);
	fci_arena_reset(&a);
	assert_int_equal(a.total, 0);
	a.limit = 100;
	assert_non_null(fci_arena_alloc(&a, 96));
	assert_null(fci_arena_alloc(&a, 16)); /* over the bound */
	fci_arena_free(&a);
}

static void test_wildcard(void **state)
{
	(void)state;
	assert_true(fci_wildcard_match("*", "anything"));
	assert_true(fci_wildcard_match("Read sensitive*", "Read sensitive file untrusted"));
	assert_true(fci_wildcard_match("a?c", "abc"));
	assert_false(fci_wildcard_match("a?c", "abbc"));
	assert_true(fci_wildcard_match("*file*", "Read sensitive file untrusted"));
	assert_false(fci_wildcard_match("*file", "file untrusted"));
}

static void test_str_positions(void **state)
{
	fci_str a, b;
	uint32_t offs[4] = {10, 11, 20, 21};
	fci_loc l;

	(void)state;
	assert_int_equal(fci_str_set(&a, "ab\ncd", 3, offs, (fci_loc){0, 10, 12}), FC_OK);
	assert_string_equal(a.s, "ab\n");
	l = fci_str_loc(&a, 1, 2);
	assert_int_equal(l.offset, 11);
	assert_int_equal(l.length, 10); /* 11..20 */
	memset(&b, 0, sizeof(b));
	assert_int_equal(fci_str_append_lit(&b, "(", 1, (fci_loc){0, 5, 0}), FC_OK);
	assert_int_equal(fci_str_append(&b, &a), FC_OK);
	assert_int_equal(b.len, 4);
	assert_int_equal(b.offs[0], 5);
	assert_int_equal(b.offs[1], 10);
	assert_int_equal(b.offs[3], 20);
	fci_str_free(&a);
	fci_str_free(&b);
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(fc_strerror(FC_OK), "success");
	assert_string_equal(fc_strerror(FC_ERULES), "rules have errors");
	assert_string_equal(fc_strerror(-9999), "unknown status");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_buf_printf_and_json), cmocka_unit_test(test_strmap),
	        cmocka_unit_test(test_arena_reuse),         cmocka_unit_test(test_wildcard),
	        cmocka_unit_test(test_str_positions),       cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
