/* SPDX-License-Identifier: Apache-2.0 */
/* Lexer and parser: precedence, `not` forms, every operator, values,
 * quoting and escapes (libs rules), field arguments, transformers,
 * modifiers, list literals, spans, syntax errors at the offending byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "ast.h"

static char *dump(const char *cond, fci_parse_error *pe)
{
	static char out[1024];
	fci_arena a;
	fci_node *n;
	fci_buf b;

	fci_arena_init(&a, 4096);
	n = fci_parse(&a, cond, (uint32_t)strlen(cond), 100, pe);
	if (!n) {
		fci_arena_free(&a);
		return NULL;
	}
	fci_buf_init(&b);
	fci_node_dump(n, &b);
	snprintf(out, sizeof(out), "%s", b.p ? b.p : "");
	fci_buf_free(&b);
	fci_arena_free(&a);
	return out;
}

static void check(const char *cond, const char *expect)
{
	fci_parse_error pe;
	const char *got = dump(cond, &pe);

	if (!got)
		fprintf(stderr, "%s: error at %u: %s\n", cond, pe.pos, pe.msg);
	assert_non_null(got);
	assert_string_equal(got, expect);
}

static void check_err(const char *cond, uint32_t pos, int code)
{
	fci_parse_error pe;

	assert_null(dump(cond, &pe));
	if (pe.pos != pos)
		fprintf(stderr, "%s: error at %u (%s), expected %u\n", cond, pe.pos, pe.msg, pos);
	assert_int_equal(pe.pos, pos);
	assert_int_equal(pe.code, code);
}

static void test_precedence(void **state)
{
	(void)state;
	check("a.b = 1 or c.d = 2 and not e.f = 3",
	      "(or [a.b = \"1\"] (and [c.d = \"2\"] (not [e.f = \"3\"])))");
	check("(a.b = 1 or c.d = 2) and m", "(and (or [a.b = \"1\"] [c.d = \"2\"]) <m>)");
	check("not not m", "<m>");
	check("not(m)", "(not <m>)");
	check("not (m) and n", "(and (not <m>) <n>)");
	check("m and(n)or(o)", "(or (and <m> <n>) <o>)");
	check("a and b and c", "(and <a> <b> <c>)");
	check("\tm\n and\r\nn ", "(and <m> <n>)");
	check("nothing", "<nothing>");
	check("android", "<android>");
}

static void test_operators(void **state)
{
	(void)state;
	check("a.b exists", "[a.b exists]");
	check("a.b=1", "[a.b = \"1\"]");
	check("a.b==1", "[a.b = \"1\"]");
	check("a.b!=x", "[a.b != \"x\"]");
	check("a.b<=1", "[a.b <= \"1\"]");
	check("a.b<-1.5e+3", "[a.b < \"-1.5e+3\"]");
	check("a.b>0x1F", "[a.b > \"0x1F\"]");
	check("a.b >= 2", "[a.b >= \"2\"]");
	check("a.b contains x", "[a.b contains \"x\"]");
	check("a.b icontains x", "[a.b icontains \"x\"]");
	check("a.b bcontains 0a", "[a.b bcontains \"0a\"]");
	check("a.b startswith /x", "[a.b startswith \"/x\"]");
	check("a.b bstartswith 0a", "[a.b bstartswith \"0a\"]");
	check("a.b endswith x", "[a.b endswith \"x\"]");
	check("a.b glob /a/*", "[a.b glob \"/a/*\"]");
	check("a.b iglob X*", "[a.b iglob \"X*\"]");
	check("a.b regex '^a.*$'", "[a.b regex \"^a.*$\"]");
	check("a.b in (x, \"y z\", 3)", "[a.b in (\"x\", \"y z\", \"3\")]");
	check("a.b in()", "[a.b in ()]");
	check("a.b intersects (x)", "[a.b intersects (\"x\")]");
	check("a.b pmatch (/etc,/usr)", "[a.b pmatch (\"/etc\", \"/usr\")]");
	check("a.b in shells", "[a.b in @\"shells\"]");
	check("a.b = anyof (x, y)", "[a.b = anyof (\"x\", \"y\")]");
	check("a.b startswith oneof(x)", "[a.b startswith oneof (\"x\")]");
	check("a.b != allof (x)", "[a.b != allof (\"x\")]");
	check("a.b = oneofx", "[a.b = \"oneofx\"]");
}

static void test_values(void **state)
{
	(void)state;
	check("a.b = \"q\\\"x\"", "[a.b = \"q\\\"x\"]");
	check("a.b = 'it\\'s'", "[a.b = \"it's\"]");
	check("a.b = \"t\\tn\\n\\\\ \\/\"", "[a.b = \"t\\tn\\n\\\\ /\"]");
	check("a.b = \"\\x41\"", "[a.b = \"A\"]");
	check("a.b = \"a\\ b\"", "[a.b = \"a\\\\b\"]");
	check("a.b = docker.io/x:1", "[a.b = \"docker.io/x:1\"]");
	check("a.b = O_TRUNC", "[a.b = \"O_TRUNC\"]");
	check("a.b = ''", "[a.b = \"\"]");
}

static void test_fields(void **state)
{
	(void)state;
	check("proc.aname[2] = x", "[proc.aname[2] = \"x\"]");
	check("a.b[/etc/x] exists", "[a.b[/etc/x] exists]");
	check("a.b['a b'] exists", "[a.b[a b] exists]");
	check("evt.arg.name = x", "[evt.arg.name = \"x\"]");
	check("ka.req.pod.containers.image[0] = x", "[ka.req.pod.containers.image[0] = \"x\"]");
	check("tolower(a.b) = x", "[tolower(a.b) = \"x\"]");
	check("toupper( basename(a.b) ) = x", "[toupper(basename(a.b)) = \"x\"]");
	check("a.b = val(c.d)", "[a.b = val(c.d)]");
	check("a.b < len(c.d)", "[a.b < len(c.d)]");
	check("a.b in tolower(c.d)", "[a.b in tolower(c.d)]");
	check("concat(a.b, \"-\", c.d) = x", "[concat(a.b, \"-\", c.d) = \"x\"]");
	check("join(',', a.b) = x", "[join(\",\", a.b) = \"x\"]");
}

static void test_spans(void **state)
{
	fci_arena a;
	fci_parse_error pe;
	const char *c = "m and  proc.name in (x, 'y')";
	fci_node *n;

	(void)state;
	fci_arena_init(&a, 4096);
	n = fci_parse(&a, c, (uint32_t)strlen(c), 100, &pe);
	assert_non_null(n);
	assert_int_equal(n->kind, FCI_N_AND);
	assert_int_equal(n->kids[1]->start, 7);
	assert_int_equal(n->kids[1]->lhs->start, 7);
	assert_int_equal(n->kids[1]->lhs->len, 9);
	assert_int_equal(n->kids[1]->op_start, 17);
	assert_int_equal(n->kids[1]->vals[1].start, 24);
	assert_int_equal(n->kids[1]->vals[1].span, 3);
	assert_true(n->kids[1]->vals[1].quoted);
	fci_arena_free(&a);
}

static void test_errors(void **state)
{
	(void)state;
	check_err("", 0, FC_D_SYNTAX);
	check_err("   ", 0, FC_D_SYNTAX);
	check_err("a.b = 1 c.d = 2", 8, FC_D_SYNTAX);
	check_err("a.b = 1 and", 8, FC_D_SYNTAX);
	check_err("a.b = 1 and ", 12, FC_D_SYNTAX);
	check_err("a.b = 1 andx", 8, FC_D_SYNTAX);
	check_err("(a.b = 1", 8, FC_D_SYNTAX);
	check_err("a.b === 1", 6, FC_D_SYNTAX);
	check_err("a.b foo 1", 4, FC_D_SYNTAX);
	check_err("a.b < x", 6, FC_D_SYNTAX);
	check_err("a.b = 'x", 6, FC_D_BAD_STRING);
	check_err("a.b = 'x\\q'", 8, FC_D_BAD_STRING);
	check_err("a.b = \"x\\'\"", 8, FC_D_BAD_STRING);
	check_err("a.b in (x", 9, FC_D_SYNTAX);
	check_err("a.b in (x y)", 10, FC_D_SYNTAX);
	check_err("a.b[x = 1", 5, FC_D_SYNTAX);
	check_err("a.b = anyof 1x", 12, FC_D_SYNTAX);
	check_err("val(a.b) = 1 )", 13, FC_D_SYNTAX);
	check_err("tolower(1 = 1", 10, FC_D_SYNTAX);
	check_err("1 = 1", 0, FC_D_SYNTAX);
}

static void test_depth(void **state)
{
	char buf[4096];
	size_t i;
	fci_parse_error pe;

	(void)state;
	for (i = 0; i < 500; i++)
		buf[i] = '(';
	snprintf(buf + 500, sizeof(buf) - 500, "m");
	for (i = 0; i < 500; i++)
		strcat(buf, ")");
	assert_null(dump(buf, &pe));
	assert_int_equal(pe.code, FC_D_TOO_DEEP);
}

static void test_lexer(void **state)
{
	fci_lexer lx;
	fci_arena a;
	char *s;
	uint32_t n;

	(void)state;
	fci_lex_init(&lx, "proc.name[2]", 12);
	assert_int_equal(fci_lex_peek_field(&lx), 9);
	fci_lex_init(&lx, "proc.", 5);
	assert_int_equal(fci_lex_peek_field(&lx), 0);
	assert_int_equal(fci_lex_peek_ident(&lx), 4);
	fci_lex_init(&lx, "-12.5e+3x", 9);
	assert_int_equal(fci_lex_peek_number(&lx), 8);
	fci_lex_init(&lx, "0x1fz", 5);
	assert_int_equal(fci_lex_peek_number(&lx), 5);
	fci_lex_init(&lx, "/a/b,c", 6);
	assert_int_equal(fci_lex_peek_barestr(&lx), 4);
	fci_lex_init(&lx, "/etc]x", 6);
	assert_int_equal(fci_lex_peek_argstr(&lx), 4);
	fci_arena_init(&a, 256);
	fci_lex_init(&lx, "'a\\'b' rest", 11);
	assert_int_equal(fci_lex_quoted(&lx, &a, &s, &n), 1);
	assert_string_equal(s, "a'b");
	assert_int_equal(lx.pos, 6);
	fci_lex_init(&lx, "x", 1);
	assert_int_equal(fci_lex_quoted(&lx, &a, &s, &n), 0);
	fci_arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_precedence), cmocka_unit_test(test_operators),
	        cmocka_unit_test(test_values),     cmocka_unit_test(test_fields),
	        cmocka_unit_test(test_spans),      cmocka_unit_test(test_errors),
	        cmocka_unit_test(test_depth),      cmocka_unit_test(test_lexer),
	};

	return cmocka_run_group_tests_name("parser", tests, NULL, NULL);
}
