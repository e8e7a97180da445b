/*
 * JSONMessageParser (qapi/qmp/json-parser.h): QEMU 7.2's lexer and
 * streamer. The lexer's tokens and errors, the recovery after an error and
 * the limits per message are QEMU's (qobject/json-lexer.c,
 * json-streamer.c); a complete message's tokens go to qobject_from_json(),
 * whose errors are those of QEMU's parser for the same tokens.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qmp/json-parser.h"
#include "qapi/qmp/qjson.h"

/* QEMU's limits per token and per message. */
#define MAX_TOKEN_SIZE (64ULL << 20)
#define MAX_TOKEN_COUNT (2ULL << 20)
#define MAX_NESTING (1 << 10)

enum {
    IN_START,
    IN_RECOVERY,            /* after an error */
    IN_STRING,              /* in quotes, either kind */
    IN_STRING_ESCAPE,       /* after a backslash in quotes */
    IN_ZERO,                /* a leading 0, with its sign */
    IN_DIGITS,              /* the integer part */
    IN_SIGN,                /* a '-' */
    IN_MANTISSA,            /* after the '.' */
    IN_MANTISSA_DIGITS,
    IN_EXP_E,               /* after 'e' or 'E' */
    IN_EXP_SIGN,
    IN_EXP_DIGITS,
    IN_KEYWORD,             /* [a-z]+ */
};

enum {
    TOKEN_OPEN_BRACE,
    TOKEN_CLOSE_BRACE,
    TOKEN_OPEN_BRACKET,
    TOKEN_CLOSE_BRACKET,
    TOKEN_OTHER,            /* , : string number keyword */
    TOKEN_ERROR,
};

static void reset_message(JSONMessageParser *p)
{
    p->brace_count = p->bracket_count = 0;
    p->token_count = p->token_size = 0;
}

static void emit(JSONMessageParser *p, QObject *json, Error *err)
{
    reset_message(p);
    p->emit(p->opaque, json, err);
    g_string_truncate(p->text, 0);
}

/* json_message_process_token() */
static void process_token(JSONMessageParser *p, int type)
{
    const GString *tok = p->token;
    Error *err = NULL;
    QObject *json;

    switch (type) {
    case TOKEN_OPEN_BRACE:
        p->brace_count++;
        break;
    case TOKEN_CLOSE_BRACE:
        p->brace_count--;
        break;
    case TOKEN_OPEN_BRACKET:
        p->bracket_count++;
        break;
    case TOKEN_CLOSE_BRACKET:
        p->bracket_count--;
        break;
    case TOKEN_ERROR:
        /* %s: a NUL byte ends the text, as in QEMU */
        error_setg(&err, "JSON parse error, stray '%s'", tok->str);
        g_string_truncate(p->text, 0);
        emit(p, NULL, err);
        return;
    }
    /* Checked before the token is kept, in QEMU's order. */
    if (p->token_size + tok->len + 1 > MAX_TOKEN_SIZE) {
        error_setg(&err, "JSON token size limit exceeded");
    } else if (p->token_count + 1 > MAX_TOKEN_COUNT) {
        error_setg(&err, "JSON token count limit exceeded");
    } else if (p->bracket_count + p->brace_count > MAX_NESTING) {
        error_setg(&err, "JSON nesting depth limit exceeded");
    }
    if (err) {
        g_string_truncate(p->text, 0);
        emit(p, NULL, err);
        return;
    }
    if (p->text->len) {
        g_string_append_c(p->text, ' ');
    }
    g_string_append_len(p->text, tok->str, tok->len);
    p->token_size += tok->len;
    p->token_count++;
    /* Not complete while an opener is unclosed and no closer is stray. */
    if ((p->brace_count > 0 || p->bracket_count > 0) &&
        p->brace_count >= 0 && p->bracket_count >= 0) {
        return;
    }
    json = qobject_from_json(p->text->str, &err);
    emit(p, json, err);
}

/* The token read is complete: hand it on, and start the next one. */
static void end_token(JSONMessageParser *p, int type)
{
    process_token(p, type);
    g_string_truncate(p->token, 0);
    p->state = type == TOKEN_ERROR ? IN_RECOVERY : IN_START;
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Whether @c may continue a string (QEMU's lexer takes 0x20-0xFD). */
static bool in_string_range(unsigned char c)
{
    return c >= 0x20 && c <= 0xFD;
}

/*
 * One byte. A byte that ends a number or keyword without belonging to it
 * is read again from IN_START; a byte that cannot continue the token is
 * its last byte, and the token an error.
 */
static void lex(JSONMessageParser *p, unsigned char c)
{
    for (;;) {
        switch (p->state) {
        case IN_RECOVERY:
            /*
             * Skip up to a structural character or a control byte other
             * than tab, or 0xFE/0xFF (never in UTF-8), which are read
             * again from IN_START: clients may send one to resynchronize.
             */
            if ((in_string_range(c) || c == '\t') && !strchr("[]{}:,", c)) {
                return;
            }
            p->state = IN_START;
            continue;
        case IN_START:
            switch (c) {
            case ' ': case '\t': case '\r': case '\n':
                return;
            case '{': case '}': case '[': case ']': case ',': case ':':
                g_string_append_c(p->token, c);
                end_token(p, c == '{' ? TOKEN_OPEN_BRACE :
                             c == '}' ? TOKEN_CLOSE_BRACE :
                             c == '[' ? TOKEN_OPEN_BRACKET :
                             c == ']' ? TOKEN_CLOSE_BRACKET : TOKEN_OTHER);
                return;
            case '"': case '\'':
                p->state = IN_STRING;
                break;
            case '0':
                p->state = IN_ZERO;
                break;
            case '1' ... '9':
                p->state = IN_DIGITS;
                break;
            case '-':
                p->state = IN_SIGN;
                break;
            case 'a' ... 'z':
                p->state = IN_KEYWORD;
                break;
            default:
                g_string_append_c(p->token, c);
                end_token(p, TOKEN_ERROR);
                return;
            }
            g_string_append_c(p->token, c);
            return;
        case IN_STRING:
            g_string_append_c(p->token, c);
            if (!in_string_range(c)) {
                end_token(p, TOKEN_ERROR);
            } else if (c == '\\') {
                p->state = IN_STRING_ESCAPE;
            } else if (c == p->token->str[0]) {
                end_token(p, TOKEN_OTHER);
            }
            return;
        case IN_STRING_ESCAPE:
            g_string_append_c(p->token, c);
            if (!in_string_range(c)) {
                end_token(p, TOKEN_ERROR);
            } else {
                p->state = IN_STRING;
            }
            return;
        case IN_ZERO:
            if (c == '.') {
                p->state = IN_MANTISSA;
            } else if (is_digit(c)) {
                g_string_append_c(p->token, c);
                end_token(p, TOKEN_ERROR);
                return;
            } else {
                end_token(p, TOKEN_OTHER);
                continue;
            }
            break;
        case IN_DIGITS:
            if (c == '.') {
                p->state = IN_MANTISSA;
            } else if (c == 'e' || c == 'E') {
                p->state = IN_EXP_E;
            } else if (!is_digit(c)) {
                end_token(p, TOKEN_OTHER);
                continue;
            }
            break;
        case IN_SIGN:
        case IN_MANTISSA:
        case IN_EXP_E:
        case IN_EXP_SIGN:
            /* a digit must follow (or a sign, after the 'e') */
            if (p->state == IN_SIGN && c == '0') {
                p->state = IN_ZERO;
            } else if (is_digit(c)) {
                p->state = p->state == IN_SIGN ? IN_DIGITS :
                           p->state == IN_MANTISSA ? IN_MANTISSA_DIGITS :
                           IN_EXP_DIGITS;
            } else if (p->state == IN_EXP_E && (c == '+' || c == '-')) {
                p->state = IN_EXP_SIGN;
            } else {
                g_string_append_c(p->token, c);
                end_token(p, TOKEN_ERROR);
                return;
            }
            break;
        case IN_MANTISSA_DIGITS:
            if (c == 'e' || c == 'E') {
                p->state = IN_EXP_E;
            } else if (!is_digit(c)) {
                end_token(p, TOKEN_OTHER);
                continue;
            }
            break;
        case IN_EXP_DIGITS:
            if (!is_digit(c)) {
                end_token(p, TOKEN_OTHER);
                continue;
            }
            break;
        case IN_KEYWORD:
            if (c < 'a' || c > 'z') {
                end_token(p, TOKEN_OTHER);
                continue;
            }
            break;
        }
        g_string_append_c(p->token, c);
        return;
    }
}

void json_message_parser_init(JSONMessageParser *parser,
                              JSONMessageEmit *emit_fn, void *opaque)
{
    parser->emit = emit_fn;
    parser->opaque = opaque;
    parser->token = g_string_new(NULL);
    parser->text = g_string_new(NULL);
    json_message_parser_reset(parser);
}

void json_message_parser_reset(JSONMessageParser *parser)
{
    parser->state = IN_START;
    g_string_truncate(parser->token, 0);
    g_string_truncate(parser->text, 0);
    reset_message(parser);
}

void json_message_parser_feed(JSONMessageParser *parser,
                              const char *buffer, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        lex(parser, buffer[i]);
        /*
         * A token past the size limit is handed on unfinished: the
         * streamer refuses it, and lexing starts afresh (QEMU's
         * json_lexer_feed_char()).
         */
        if (parser->token->len > MAX_TOKEN_SIZE) {
            end_token(parser, TOKEN_OTHER);
        }
    }
}

const char *json_message_parser_text(JSONMessageParser *parser)
{
    return parser->text->str;
}

void json_message_parser_destroy(JSONMessageParser *parser)
{
    g_string_free(parser->token, true);
    g_string_free(parser->text, true);
}
