/* template_impl.h: the parsed form of a template, shared by its parser and its renderer. */
#ifndef WT_TEMPLATE_IMPL_H
#define WT_TEMPLATE_IMPL_H

#include "template.h"

typedef enum wt_tpl_kind { WT_TPL_TEXT, WT_TPL_VAR, WT_TPL_EACH, WT_TPL_IF, WT_TPL_UNLESS, WT_TPL_BLOCK } wt_tpl_kind;

typedef struct wt_tpl_node wt_tpl_node;

typedef struct wt_tpl_list {
	wt_tpl_node **items;
	size_t count;
	size_t cap;
} wt_tpl_list;

/* One piece of a parsed template. text is the literal text (WT_TPL_TEXT) or the path/block name. */
struct wt_tpl_node {
	wt_tpl_kind kind;
	int line;
	int column;
	char *text;
	size_t len;
	int optional;
	wt_tpl_list body;
	wt_tpl_list alt; /* the {{else}} part of #if / #unless */
};

struct wt_template {
	char *name;
	wt_tpl_list root;
	size_t n_nodes;
};

#endif
