/* tidings: the one header a plugin includes. */
#ifndef TIDINGS_H
#define TIDINGS_H

#include <tidings/version.h>
#include <tidings/doc.h>
#include <tidings/utf8.h>
#include <tidings/stage.h>
#include <tidings/match.h>
#include <tidings/harness.h>

#endif
