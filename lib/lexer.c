/* SPDX-License-Identifier: Apache-2.0 */
/* Character-level scanning for conditions. The libs grammar is context
 * dependent (a bare string after `=` may contain characters a field name may
 * not), so the parser asks for the token kind it expects at each position;
 * these helpers implement the token classes of the libs grammar:
 *   Identifier  [a-zA-Z]+[a-zA-Z0-9_]*
 *   FieldName   Identifier('.'Identifier)+
 *   FieldArgBareStr [^][\"'blank]+
 *   Number      [+-]?[0-9]+\.?[0-9]*([eE][+-][0-9]+)?  |  0[xX][0-9a-zA-Z]+
 *   BareStr     [^()"'blank=,]+
 *   QuotedStr   '...' or "..." with backslash escapes. */
#include "ast.h"

#include <stdio.h>
#include <string.h>

void fci_lex_init(fci_lexer *lx, const char *s, uint32_t len)
{
	memset(lx, 0, sizeof(*lx));
	lx->s = s;
	lx->len = len;
}

static inline int at(const fci_lexer *lx, uint32_t i)
{
	return i < lx->len ? (unsigned char)lx->s[i] : 0;
}

static inline bool is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\b' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

static inline bool is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

bool fci_lex_blank(fci_lexer *lx)
{
	bool found = false;

	while (is_blank(at(lx, lx->pos))) {
		lx->pos++;
		found = true;
	}
	return found;
}

bool fci_lex_str(fci_lexer *lx, const char *t)
{
	size_t n = strlen(t);

	if (lx->pos + n > lx->len || memcmp(lx->s + lx->pos, t, n) != 0)
		return false;
	lx->pos += (uint32_t)n;
	return true;
}

bool fci_lex_keyword(fci_lexer *lx, const char *kw, bool paren_ok)
{
	size_t n = strlen(kw);
	int c;

	if (lx->pos + n > lx->len || memcmp(lx->s + lx->pos, kw, n) != 0)
		return false;
	c = at(lx, lx->pos + (uint32_t)n);
	if (!is_blank(c) && !(paren_ok && c == '('))
		return false;
	lx->pos += (uint32_t)n;
	return true;
}

static uint32_t ident_at(const fci_lexer *lx, uint32_t i)
{
	uint32_t j = i;

	while (is_alpha(at(lx, j)))
		j++;
	if (j == i)
		return 0;
	while (is_alpha(at(lx, j)) || is_digit(at(lx, j)) || at(lx, j) == '_')
		j++;
	return j - i;
}

uint32_t fci_lex_peek_ident(const fci_lexer *lx)
{
	return ident_at(lx, lx->pos);
}

uint32_t fci_lex_peek_field(const fci_lexer *lx)
{
	uint32_t i = lx->pos, n = ident_at(lx, i), parts = 1;

	if (!n)
		return 0;
	i += n;
	while (at(lx, i) == '.') {
		uint32_t m = ident_at(lx, i + 1);

		if (!m)
			break;
		i += 1 + m;
		parts++;
	}
	return parts > 1 ? i - lx->pos : 0;
}

uint32_t fci_lex_peek_number(const fci_lexer *lx)
{
	uint32_t i = lx->pos, j;

	if (at(lx, i) == '0' && (at(lx, i + 1) == 'x' || at(lx, i + 1) == 'X')) {
		j = i + 2;
		while (is_digit(at(lx, j)) || is_alpha(at(lx, j)))
			j++;
		if (j > i + 2)
			return j - i;
	}
	if (at(lx, i) == '+' || at(lx, i) == '-')
		i++;
	j = i;
	while (is_digit(at(lx, j)))
		j++;
	if (j == i)
		return 0;
	if (at(lx, j) == '.')
		j++;
	while (is_digit(at(lx, j)))
		j++;
	if ((at(lx, j) == 'e' || at(lx, j) == 'E') &&
	    (at(lx, j + 1) == '+' || at(lx, j + 1) == '-') && is_digit(at(lx, j + 2))) {
		j += 2;
		while (is_digit(at(lx, j)))
			j++;
	}
	return j - lx->pos;
}

uint32_t fci_lex_peek_barestr(const fci_lexer *lx)
{
	uint32_t i = lx->pos;

	for (;;) {
		int c = at(lx, i);

		if (!c || is_blank(c) || c == '(' || c == ')' || c == '"' || c == '\'' ||
		    c == '=' || c == ',')
			break;
		i++;
	}
	return i - lx->pos;
}

uint32_t fci_lex_peek_argstr(const fci_lexer *lx)
{
	uint32_t i = lx->pos;

	for (;;) {
		int c = at(lx, i);

		if (!c || is_blank(c) || c == '[' || c == ']' || c == '"' || c == '\'')
			break;
		i++;
	}
	return i - lx->pos;
}

static int hexval(int c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int fci_unescape(const char *s, uint32_t n, char delim, char *dst, uint32_t *dst_len, char *err,
                 size_t errlen, uint32_t *bad)
{
	uint32_t i, o = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c != '\\') {
			dst[o++] = c;
			continue;
		}
		if (i + 1 >= n) {
			snprintf(err, errlen, "unterminated escape sequence");
			*bad = i;
			return FC_EINVAL;
		}
		c = s[++i];
		switch (c) {
		case 'b':
			dst[o++] = '\b';
			break;
		case 'f':
			dst[o++] = '\f';
			break;
		case 'n':
			dst[o++] = '\n';
			break;
		case 'r':
			dst[o++] = '\r';
			break;
		case 't':
			dst[o++] = '\t';
			break;
		case ' ': /* legacy: "\ " yields a backslash (libs keeps it for old rules) */
		case '\\':
			dst[o++] = '\\';
			break;
		case '/':
			dst[o++] = '/';
			break;
		case '"':
		case '\'':
			if (c != delim) {
				snprintf(err, errlen, "invalid \\%c escape in %c-quoted string", c,
				         delim);
				*bad = i - 1;
				return FC_EINVAL;
			}
			dst[o++] = c;
			break;
		case 'x': {
			int h = i + 2 < n ? hexval((unsigned char)s[i + 1]) : -1;
			int l = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;

			if (h < 0 || l < 0) {
				snprintf(err, errlen,
				         "invalid \\x escape: two hex digits expected");
				*bad = i - 1;
				return FC_EINVAL;
			}
			dst[o++] = (char)(h * 16 + l);
			i += 2;
			break;
		}
		default:
			snprintf(err, errlen, "unsupported string escape sequence: \\%c", c);
			*bad = i - 1;
			return FC_EINVAL;
		}
	}
	dst[o] = '\0';
	*dst_len = o;
	return FC_OK;
}

int fci_lex_quoted(fci_lexer *lx, fci_arena *a, char **out, uint32_t *out_len)
{
	int delim = at(lx, lx->pos);
	uint32_t i, bad = 0;
	char *dst;

	if (delim != '"' && delim != '\'')
		return 0;
	for (i = lx->pos + 1; i < lx->len; i++) {
		if (lx->s[i] == '\\') {
			i++;
			continue;
		}
		if (lx->s[i] == delim)
			break;
	}
	if (i >= lx->len) {
		snprintf(lx->err, sizeof(lx->err), "unterminated %s-quoted string",
		         delim == '"' ? "double" : "single");
		lx->err_pos = lx->pos;
		lx->err_string = true;
		return -1;
	}
	dst = fci_arena_alloc(a, i - lx->pos);
	if (!dst) {
		snprintf(lx->err, sizeof(lx->err), "out of memory");
		lx->err_pos = lx->pos;
		return -1;
	}
	if (fci_unescape(lx->s + lx->pos + 1, i - lx->pos - 1, (char)delim, dst, out_len, lx->err,
	                 sizeof(lx->err), &bad) < 0) {
		lx->err_pos = lx->pos + 1 + bad;
		lx->err_string = true;
		return -1;
	}
	*out = dst;
	lx->pos = i + 1;
	return 1;
}
