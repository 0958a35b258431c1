import { docsUrl, isFunction, scriptFunctions, walk } from './util.js';

// "The callback function … must be called exactly once." Uses ESLint's code path analysis:
// for the script function and for every function nested in it, the calls of the script's
// callback are counted along each path through that function's code.
//   - twice: some path (including one through a loop) calls it two or more times in the same
//     function — typically a missing `return` before `callback(err)`;
//   - never: some path through the script function itself returns without calling it, and the
//     callback is used nowhere else (not in a nested function, not handed to another function).
// Limits (docs/lint-rules/callback-once.md): calls in two different functions (a direct call
// plus one in a promise's `.then`) are not added up; a nested function that does not call back
// on one of its paths is not reported, because another function may call back on that path;
// a path that ends in `throw` is not "never" (the runtime reports the thrown error).

export const callbackOnce = {
  meta: {
    type: 'problem',
    docs: { description: 'Require a custom database script to call its callback exactly once on every path', recommended: true, url: docsUrl('callback-once') },
    schema: [],
    messages: {
      twice: "'{{callback}}' may be called twice on some path through this function (the first call decides the result; later ones are ignored and logged). Write `return {{callback}}(…)` so the function stops after calling back.",
      never: "'{{script}}' may finish without calling '{{callback}}' on some path: the login then hangs until the 20 s limit and fails with a timeout. Call `return {{callback}}(…)` on every path (e.g. `return {{callback}}(null)` when there is nothing to return).",
    },
  },
  create(context) {
    const scripts = scriptFunctions(context.sourceCode.ast);
    if (scripts.length === 0) return {};
    const scriptOf = new Map(scripts.map((s) => [s.fn, s]));

    /** The script whose callback this identifier is, resolved through the scope chain. */
    function callbackScript(identifier) {
      for (let scope = context.sourceCode.getScope(identifier); scope; scope = scope.upper) {
        const variable = scope.set.get(identifier.name);
        if (variable) {
          const def = variable.defs[0];
          return def?.type === 'Parameter' && scriptOf.get(def.node)?.callback === identifier.name ? scriptOf.get(def.node) : undefined;
        }
      }
      return undefined;
    }

    const stack = []; // per code path: { codePath, node, current: Set<segment>, counts: Map<segmentId, n> }
    const usedElsewhere = new Set(); // scripts whose callback escapes the script function's own body

    for (const { fn, callback } of scripts) {
      walk(fn.body, (n) => {
        if (n.type !== 'Identifier' || n.name !== callback) return undefined;
        const parent = n.parent;
        const directCall = parent.type === 'CallExpression' && parent.callee === n;
        let owner = parent;
        while (owner && !isFunction(owner)) owner = owner.parent;
        if (!directCall || owner !== fn) usedElsewhere.add(fn);
        return undefined;
      });
    }

    function analyse(frame) {
      const { codePath, node } = frame;
      const script = scriptOf.get(node);
      // State: (segment, calls so far capped at 2). Depth-first over a finite graph, cycles included.
      const seen = new Set();
      let twice = false;
      let never = false;
      const work = [[codePath.initialSegment, 0]];
      while (work.length > 0 && !(twice && never)) {
        const [segment, before] = work.pop();
        const count = Math.min(2, before + (frame.counts.get(segment.id) ?? 0));
        const key = `${segment.id}:${count}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (count >= 2) twice = true;
        if (segment.nextSegments.length === 0 && count === 0 && codePath.returnedSegments.includes(segment)) never = true;
        for (const next of segment.nextSegments) work.push([next, count]);
      }
      return { twice, never: never && script !== undefined && !usedElsewhere.has(node) };
    }

    return {
      onCodePathStart(codePath, node) {
        stack.push({ codePath, node, current: new Set(), counts: new Map(), calls: [] });
      },
      onCodePathSegmentStart(segment) {
        stack[stack.length - 1].current.add(segment);
      },
      onCodePathSegmentEnd(segment) {
        stack[stack.length - 1].current.delete(segment);
      },
      onUnreachableCodePathSegmentStart(segment) {
        stack[stack.length - 1].current.add(segment);
      },
      onUnreachableCodePathSegmentEnd(segment) {
        stack[stack.length - 1].current.delete(segment);
      },
      CallExpression(node) {
        if (node.callee.type !== 'Identifier') return;
        const script = callbackScript(node.callee);
        if (!script) return;
        const frame = stack[stack.length - 1];
        frame.calls.push(node);
        for (const segment of frame.current) {
          if (segment.reachable) frame.counts.set(segment.id, (frame.counts.get(segment.id) ?? 0) + 1);
        }
      },
      onCodePathEnd() {
        const frame = stack.pop();
        const script = scriptOf.get(frame.node) ?? scripts.find((s) => frame.calls.some((c) => c.callee.name === s.callback));
        if (!isFunction(frame.node) || !script) return;
        const { twice, never } = analyse(frame);
        if (twice) {
          const second = frame.calls[1] ?? frame.calls[0];
          context.report({ node: second, messageId: 'twice', data: { callback: script.callback } });
        }
        if (never) {
          const name = script.fn.id?.name ?? 'this script';
          context.report({ node: script.fn.id ?? script.fn, messageId: 'never', data: { script: name, callback: script.callback } });
        }
      },
    };
  },
};
