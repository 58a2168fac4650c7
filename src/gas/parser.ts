// Chevrotain parser for instruction operands and gas expressions, and the CST visitor that
// turns them into AsmOperand / Expr values. Statement heads (labels, mnemonic) and macro
// processing work on text before this (see statements.ts); this parses what remains.
import { CstParser, type CstNode, type IToken, type IRecognitionException } from 'chevrotain';
import Long from 'long';
import type { AsmOperand, RelocModifier } from '../a64/asm-operand.js';
import type { BinaryOp, Expr, UnaryOp } from '../ir/expr.js';
import * as T from './lexer.js';

class OperandParser extends CstParser {
  constructor() {
    super(T.allTokens, { recoveryEnabled: false, maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  operandList = this.RULE('operandList', () => {
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.operand) });
  });

  expressionList = this.RULE('expressionList', () => {
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
  });

  operand = this.RULE('operand', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.memOperand) },
      { ALT: () => this.SUBRULE(this.listOperand) },
      { ALT: () => this.SUBRULE(this.literalOperand) },
      { GATE: () => this.LA(1).tokenType === T.ShiftKw && this.LA(2).tokenType !== T.Colon, ALT: () => this.SUBRULE(this.shiftOperand) },
      { ALT: () => this.SUBRULE(this.immOperand) },
      {
        // gcc writes FP immediates without `#`: `fmov d0, 7.5e-1`.
        GATE: () => this.LA(1).tokenType === T.FloatLit || (this.LA(1).tokenType === T.Minus && this.LA(2).tokenType === T.FloatLit),
        ALT: () => this.SUBRULE(this.floatOperand),
      },
      { ALT: () => this.SUBRULE(this.exprOperand) },
    ]);
  });

  floatOperand = this.RULE('floatOperand', () => {
    this.OPTION(() => this.CONSUME(T.Minus, { LABEL: 'negative' }));
    this.CONSUME(T.FloatLit);
  });

  memOperand = this.RULE('memOperand', () => {
    this.CONSUME(T.LBracket);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.memPart) });
    this.CONSUME(T.RBracket);
    this.OPTION(() => this.CONSUME(T.Bang));
  });

  memPart = this.RULE('memPart', () => {
    this.OR([
      { GATE: () => this.LA(1).tokenType === T.ShiftKw, ALT: () => this.SUBRULE(this.shiftOperand) },
      { ALT: () => this.SUBRULE(this.immOperand) },
      { ALT: () => this.SUBRULE(this.exprOperand) },
    ]);
  });

  listOperand = this.RULE('listOperand', () => {
    this.CONSUME(T.LBrace);
    this.SUBRULE(this.listReg);
    this.OPTION(() => {
      this.OR([
        { ALT: () => { this.CONSUME(T.Minus); this.SUBRULE2(this.listReg); } },
        { ALT: () => this.AT_LEAST_ONE(() => { this.CONSUME(T.Comma); this.SUBRULE3(this.listReg); }) },
      ]);
    });
    this.CONSUME(T.RBrace);
    this.OPTION2(() => {
      this.CONSUME(T.LBracket);
      this.SUBRULE(this.expression);
      this.CONSUME(T.RBracket);
    });
  });

  listReg = this.RULE('listReg', () => {
    this.CONSUME(T.Identifier);
  });

  literalOperand = this.RULE('literalOperand', () => {
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  shiftOperand = this.RULE('shiftOperand', () => {
    this.CONSUME(T.ShiftKw);
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.immOperand) },
        { ALT: () => this.SUBRULE(this.expression) },
      ]);
    });
  });

  immOperand = this.RULE('immOperand', () => {
    this.CONSUME(T.Hash);
    this.OR([
      {
        GATE: () => this.LA(1).tokenType === T.FloatLit || (this.LA(1).tokenType === T.Minus && this.LA(2).tokenType === T.FloatLit),
        ALT: () => {
          this.OPTION2(() => this.CONSUME(T.Minus, { LABEL: 'negative' }));
          this.CONSUME(T.FloatLit);
        },
      },
      {
        ALT: () => {
          this.OPTION(() => {
            this.CONSUME(T.Colon);
            this.CONSUME(T.Identifier, { LABEL: 'modifier' });
            this.CONSUME2(T.Colon);
          });
          this.SUBRULE(this.expression);
        },
      },
    ]);
  });

  exprOperand = this.RULE('exprOperand', () => {
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.CONSUME(T.Identifier, { LABEL: 'modifier' });
      this.CONSUME2(T.Colon);
    });
    this.SUBRULE(this.expression);
    this.OPTION2(() => {
      this.CONSUME(T.LBracket);
      this.SUBRULE2(this.expression, { LABEL: 'index' });
      this.CONSUME(T.RBracket);
    });
  });

  // gas precedence, loosest first: || ; && ; comparisons ; + - ; | ^ & ! ; * / % << >> ; unary
  expression = this.RULE('expression', () => {
    this.SUBRULE(this.andExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(T.OrOr, { LABEL: 'ops' });
      this.SUBRULE2(this.andExpr, { LABEL: 'operands' });
    });
  });

  andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.cmpExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(T.AndAnd, { LABEL: 'ops' });
      this.SUBRULE2(this.cmpExpr, { LABEL: 'operands' });
    });
  });

  cmpExpr = this.RULE('cmpExpr', () => {
    this.SUBRULE(this.addExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.EqEq, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(T.NotEq, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(T.NotEqAngle, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(T.LessEq, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(T.GreaterEq, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(T.Less, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(T.Greater, { LABEL: 'ops' }) },
      ]);
      this.SUBRULE2(this.addExpr, { LABEL: 'operands' });
    });
  });

  addExpr = this.RULE('addExpr', () => {
    this.SUBRULE(this.bitExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Plus, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(T.Minus, { LABEL: 'ops' }) },
      ]);
      this.SUBRULE2(this.bitExpr, { LABEL: 'operands' });
    });
  });

  bitExpr = this.RULE('bitExpr', () => {
    this.SUBRULE(this.mulExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Pipe, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(T.Caret, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(T.Amp, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(T.Bang, { LABEL: 'ops' }) },
      ]);
      this.SUBRULE2(this.mulExpr, { LABEL: 'operands' });
    });
  });

  mulExpr = this.RULE('mulExpr', () => {
    this.SUBRULE(this.unaryExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Star, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(T.Slash, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(T.Percent, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(T.ShiftLeft, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(T.ShiftRight, { LABEL: 'ops' }) },
      ]);
      this.SUBRULE2(this.unaryExpr, { LABEL: 'operands' });
    });
  });

  unaryExpr = this.RULE('unaryExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(T.Minus, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.Tilde, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.Bang, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.Plus, { LABEL: 'op' }) },
          ]);
          this.SUBRULE(this.unaryExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.primary) },
    ]);
  });

  primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLit) },
      { ALT: () => this.CONSUME(T.CharLit) },
      { ALT: () => this.CONSUME(T.LocalRef) },
      { ALT: () => this.CONSUME(T.Identifier) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });
}

const parser = new OperandParser();

/** What the visitor needs from the assembler: unique names for numeric local label references. */
export interface ParseContext {
  localRef(label: string, direction: 'b' | 'f'): string;
}

export class ParseError extends Error {
  constructor(
    message: string,
    /** 0-based offset into the parsed text. */
    readonly offset: number,
  ) {
    super(message);
  }
}

type Children = Record<string, Array<CstNode | IToken> | undefined>;

function nodes(ch: Children, key: string): CstNode[] {
  return (ch[key] ?? []) as CstNode[];
}
function tokens(ch: Children, key: string): IToken[] {
  return (ch[key] ?? []) as IToken[];
}
function node(ch: Children, key: string): CstNode {
  return nodes(ch, key)[0];
}

const BINARY_OPS: Record<string, BinaryOp> = {
  '||': '||', '&&': '&&', '==': '==', '!=': '!=', '<>': '!=', '<=': '<=', '>=': '>=', '<': '<', '>': '>',
  '+': '+', '-': '-', '|': '|', '^': '^', '&': '&', '!': '!', '*': '*', '/': '/', '%': '%', '<<': '<<', '>>': '>>',
};

const RELOC_MODIFIERS = new Set<string>([
  'lo12', 'abs_g3', 'abs_g2', 'abs_g2_s', 'abs_g2_nc', 'abs_g1', 'abs_g1_s', 'abs_g1_nc',
  'abs_g0', 'abs_g0_s', 'abs_g0_nc', 'pg_hi21', 'got', 'got_lo12',
]);

export function parseNumber(text: string): Long {
  const lower = text.toLowerCase();
  if (lower.startsWith('0x')) return Long.fromString(lower.slice(2), true, 16).toSigned();
  if (lower.startsWith('0b')) return Long.fromString(lower.slice(2), true, 2).toSigned();
  if (lower.length > 1 && lower.startsWith('0')) return Long.fromString(lower.slice(1), true, 8).toSigned();
  return Long.fromString(lower, true, 10).toSigned();
}

const SIMPLE_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, '\\': 92, '"': 34, "'": 39, e: 27 };

/** Decodes the body of a gas string or char constant (escapes as GNU as understands them). */
export function decodeEscapes(body: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\' || i + 1 >= body.length) {
      out.push(body.charCodeAt(i) & 0xff);
      continue;
    }
    const n = body[++i];
    if (n >= '0' && n <= '7') {
      let digits = n;
      while (digits.length < 3 && /[0-7]/.test(body[i + 1] ?? '')) digits += body[++i];
      out.push(parseInt(digits, 8) & 0xff);
    } else if (n === 'x' || n === 'X') {
      let digits = '';
      while (/[0-9a-fA-F]/.test(body[i + 1] ?? '')) digits += body[++i];
      out.push(digits ? parseInt(digits.slice(-2), 16) : 0);
    } else out.push(SIMPLE_ESCAPES[n] ?? n.charCodeAt(0) & 0xff);
  }
  return out;
}

class Builder {
  constructor(private readonly ctx: ParseContext) {}

  operandList(n: CstNode): AsmOperand[] {
    return nodes(n.children, 'operand').map((o) => this.operand(o));
  }

  expressionList(n: CstNode): Expr[] {
    return nodes(n.children, 'expression').map((e) => this.expression(e));
  }

  operand(n: CstNode): AsmOperand {
    const ch = n.children;
    if (ch.memOperand) return this.mem(node(ch, 'memOperand'));
    if (ch.listOperand) return this.list(node(ch, 'listOperand'));
    if (ch.literalOperand) return { kind: 'literal', expr: this.expression(node(node(ch, 'literalOperand').children, 'expression')) };
    if (ch.shiftOperand) return this.shift(node(ch, 'shiftOperand'));
    if (ch.immOperand) return this.imm(node(ch, 'immOperand'));
    if (ch.floatOperand) {
      const f = node(ch, 'floatOperand').children;
      return { kind: 'float', value: (tokens(f, 'negative').length ? -1 : 1) * Number(tokens(f, 'FloatLit')[0].image) };
    }
    return this.exprOperand(node(ch, 'exprOperand'));
  }

  mem(n: CstNode): AsmOperand {
    const parts = nodes(n.children, 'memPart').map((p) => {
      const ch = p.children;
      if (ch.shiftOperand) return this.shift(node(ch, 'shiftOperand'));
      if (ch.immOperand) return this.imm(node(ch, 'immOperand'));
      return this.exprOperand(node(ch, 'exprOperand'));
    });
    return { kind: 'mem', parts, writeback: tokens(n.children, 'Bang').length > 0 };
  }

  list(n: CstNode): AsmOperand {
    const regs: AsmOperand[] = nodes(n.children, 'listReg').map((r) => ({
      kind: 'expr',
      expr: { k: 'sym', name: tokens(r.children, 'Identifier')[0].image },
      hash: false,
    }));
    const idx = nodes(n.children, 'expression');
    return {
      kind: 'list',
      regs,
      range: tokens(n.children, 'Minus').length > 0,
      ...(idx.length ? { index: this.expression(idx[0]) } : {}),
    };
  }

  shift(n: CstNode): AsmOperand {
    const ch = n.children;
    const op = tokens(ch, 'ShiftKw')[0].image.toLowerCase();
    if (ch.immOperand) return { kind: 'shift', op, amount: this.imm(node(ch, 'immOperand')) };
    if (ch.expression) return { kind: 'shift', op, amount: { kind: 'expr', expr: this.expression(node(ch, 'expression')), hash: false } };
    return { kind: 'shift', op };
  }

  private modifier(ch: Children): RelocModifier | undefined {
    const m = tokens(ch, 'modifier')[0];
    if (!m) return undefined;
    const name = m.image.toLowerCase();
    if (!RELOC_MODIFIERS.has(name)) throw new ParseError(`unknown relocation modifier ':${m.image}:'`, m.startOffset);
    return name as RelocModifier;
  }

  imm(n: CstNode): AsmOperand {
    const ch = n.children;
    const float = tokens(ch, 'FloatLit')[0];
    if (float) return { kind: 'float', value: (tokens(ch, 'negative').length ? -1 : 1) * Number(float.image) };
    const modifier = this.modifier(ch);
    const expr = this.expression(node(ch, 'expression'));
    return modifier ? { kind: 'expr', expr, hash: true, modifier } : { kind: 'expr', expr, hash: true };
  }

  exprOperand(n: CstNode): AsmOperand {
    const ch = n.children;
    const modifier = this.modifier(ch);
    const expr = this.expression(node(ch, 'expression'));
    const index = nodes(ch, 'index')[0];
    if (index) {
      if (expr.k !== 'sym') throw new ParseError('an element index must follow a register', 0);
      return { kind: 'indexed', reg: expr.name, index: this.expression(index) };
    }
    return modifier ? { kind: 'expr', expr, hash: false, modifier } : { kind: 'expr', expr, hash: false };
  }

  expression(n: CstNode): Expr {
    return this.binaryChain(n, (c) => this.andExpr(c));
  }
  andExpr(n: CstNode): Expr {
    return this.binaryChain(n, (c) => this.cmpExpr(c));
  }
  cmpExpr(n: CstNode): Expr {
    return this.binaryChain(n, (c) => this.addExpr(c));
  }
  addExpr(n: CstNode): Expr {
    return this.binaryChain(n, (c) => this.bitExpr(c));
  }
  bitExpr(n: CstNode): Expr {
    return this.binaryChain(n, (c) => this.mulExpr(c));
  }
  mulExpr(n: CstNode): Expr {
    return this.binaryChain(n, (c) => this.unaryExpr(c));
  }

  private binaryChain(n: CstNode, sub: (c: CstNode) => Expr): Expr {
    const operands = nodes(n.children, 'operands');
    const ops = tokens(n.children, 'ops').sort((a, b) => a.startOffset - b.startOffset);
    let acc = sub(operands[0]);
    for (let i = 0; i < ops.length; i++) acc = { k: 'binary', op: BINARY_OPS[ops[i].image], a: acc, b: sub(operands[i + 1]) };
    return acc;
  }

  unaryExpr(n: CstNode): Expr {
    const ch = n.children;
    const op = tokens(ch, 'op')[0];
    if (op) return { k: 'unary', op: op.image as UnaryOp, a: this.unaryExpr(node(ch, 'unaryExpr')) };
    return this.primary(node(ch, 'primary'));
  }

  primary(n: CstNode): Expr {
    const ch = n.children;
    const numTok = tokens(ch, 'NumberLit')[0];
    if (numTok) return { k: 'num', v: parseNumber(numTok.image) };
    const charTok = tokens(ch, 'CharLit')[0];
    if (charTok) {
      const body = charTok.image.endsWith("'") && charTok.image.length > 2 ? charTok.image.slice(1, -1) : charTok.image.slice(1);
      return { k: 'num', v: Long.fromNumber(decodeEscapes(body)[0] ?? 0) };
    }
    const local = tokens(ch, 'LocalRef')[0];
    if (local) {
      const img = local.image;
      return { k: 'sym', name: this.ctx.localRef(img.slice(0, -1), img.endsWith('b') ? 'b' : 'f') };
    }
    const id = tokens(ch, 'Identifier')[0] ?? tokens(ch, 'ShiftKw')[0];
    if (id) return id.image === '.' ? { k: 'dot' } : { k: 'sym', name: id.image };
    return this.expression(node(ch, 'expression'));
  }
}

function lex(text: string): IToken[] {
  const result = T.gasLexer.tokenize(text);
  if (result.errors.length > 0) {
    const e = result.errors[0];
    throw new ParseError(`junk at '${text.slice(e.offset, e.offset + e.length)}'`, e.offset);
  }
  return result.tokens;
}

function describeError(text: string, err: IRecognitionException): ParseError {
  const tok = err.token;
  const offset = Number.isNaN(tok.startOffset) ? text.length : tok.startOffset;
  const found = tok.image ? `'${tok.image}'` : 'end of operands';
  return new ParseError(`syntax error at ${found} in '${text.trim()}'`, offset);
}

function run<R>(text: string, rule: (p: OperandParser) => CstNode, build: (b: Builder, n: CstNode) => R, ctx: ParseContext): R {
  parser.input = lex(text);
  const cst = rule(parser);
  if (parser.errors.length > 0) throw describeError(text, parser.errors[0]);
  return build(new Builder(ctx), cst);
}

export function parseOperands(text: string, ctx: ParseContext): AsmOperand[] {
  return run(text, (p) => p.operandList(), (b, n) => b.operandList(n), ctx);
}

export function parseExpression(text: string, ctx: ParseContext): Expr {
  return run(text, (p) => p.expression(), (b, n) => b.expression(n), ctx);
}

export function parseExpressionList(text: string, ctx: ParseContext): Expr[] {
  if (text.trim() === '') return [];
  return run(text, (p) => p.expressionList(), (b, n) => b.expressionList(n), ctx);
}

/** The tokens of a text, for directives with their own small syntax (`.type sym, @function`). */
export function tokenize(text: string): IToken[] {
  return lex(text);
}
