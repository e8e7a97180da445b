/*
 * JSON messages out of a byte stream, as QEMU 7.2's JSONMessageParser
 * (qobject/json-lexer.c, json-streamer.c): bytes are cut into tokens, and
 * a message ends where its braces and brackets balance. A byte no token
 * may hold is an error of its own ("stray"), after which input is skipped
 * up to a structural character or a control byte. QEMU's %-interpolation
 * is not implemented.
 */
#ifndef QAPI_QMP_JSON_PARSER_H
#define QAPI_QMP_JSON_PARSER_H

#include "qapi/qmp/qobject.h"

G_BEGIN_DECLS

/* One message: its value, or NULL and an error the callee owns. */
typedef void JSONMessageEmit(void *opaque, QObject *json, Error *err);

typedef struct JSONMessageParser {
    JSONMessageEmit *emit;
    void *opaque;
    int state;              /* the lexer's */
    GString *token;         /* the token being read */
    GString *text;          /* the message's tokens so far, space-separated */
    int brace_count;
    int bracket_count;
    size_t token_count;
    size_t token_size;      /* sum of the tokens' lengths */
} JSONMessageParser;

void json_message_parser_init(JSONMessageParser *parser,
                              JSONMessageEmit *emit, void *opaque);
void json_message_parser_feed(JSONMessageParser *parser,
                              const char *buffer, size_t size);
/* Forget a message begun and the lexer's state (a new connection). */
void json_message_parser_reset(JSONMessageParser *parser);
void json_message_parser_destroy(JSONMessageParser *parser);

/* The text of the message being emitted; valid in the emit callback. */
const char *json_message_parser_text(JSONMessageParser *parser);

G_END_DECLS

#endif /* QAPI_QMP_JSON_PARSER_H */
