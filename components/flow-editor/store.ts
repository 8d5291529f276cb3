'use client';
// The editor's state: the FlowGraph being drawn (with undo history), the selection (never in the
// history), and what the canvas shows about it. One store per editor, made by a factory behind a
// context provider.
import { createContext, createElement, useContext, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import type { NodeKind } from '../../dsl';
import type { FlowEdge, FlowGraph, FlowNode, FlowProblem } from '../../engine/flow';
import { emptyHistory, record, redo, undo, type History } from './history';
import {
  copyElements,
  edgeIds,
  makeNode,
  pasteElements,
  removeElements,
  setPositions,
  updateEdge,
  updateNode,
  type Clip,
  type XY,
} from './to-graph';

export interface GraphSlice {
  graph: FlowGraph;
  /** The undo group of the last graph change; changes in one group fold into one undo step. */
  historyGroup: string | null;
  readOnly: boolean;
  addNode: (kind: NodeKind, position: XY) => string;
  moveNodes: (positions: Map<string, XY>, group: string) => void;
  remove: (nodeIds: string[], edgeIds: string[]) => void;
  connect: (from: string, to: string) => void;
  patchNode: (id: string, patch: (node: FlowNode) => FlowNode, group?: string) => void;
  patchEdge: (id: string, patch: (edge: FlowEdge) => FlowEdge, group?: string) => void;
  paste: (offset: XY) => void;
  applyLayout: (positions: Map<string, XY>) => void;
  /** Replaces the graph as one undoable step (restoring a version). */
  replaceGraph: (graph: FlowGraph) => void;
}

export interface SelectionSlice {
  selectedNodes: string[];
  selectedEdges: string[];
  clipboard: Clip | null;
  select: (nodes: string[], edges: string[]) => void;
  toggleNode: (id: string, selected: boolean) => void;
  toggleEdge: (id: string, selected: boolean) => void;
  copy: () => number;
}

export interface ViewSlice {
  problems: FlowProblem[];
  /** The graph `problems` were found in; while it is not the current one, a check is pending. */
  checkedGraph: FlowGraph | null;
  /** Last refusal or action, for the status line ("Can't connect: …"). */
  notice: string;
  sizes: Record<string, { width: number; height: number }>;
  setProblems: (problems: FlowProblem[], checked: FlowGraph) => void;
  setNotice: (notice: string) => void;
  setSizes: (sizes: Record<string, { width: number; height: number }>) => void;
}

export interface HistorySlice {
  history: History<FlowGraph>;
  undo: () => void;
  redo: () => void;
}

export type EditorState = GraphSlice & SelectionSlice & ViewSlice & HistorySlice;
type Creator<T> = StateCreator<EditorState, [], [], T>;

const createGraphSlice =
  (graph: FlowGraph, readOnly: boolean): Creator<GraphSlice> =>
  (set, get) => {
    const edit = (next: FlowGraph, group: string | null, extra: Partial<EditorState> = {}) => {
      if (get().readOnly) return;
      set({ graph: next, historyGroup: group, ...extra });
    };
    return {
      graph,
      historyGroup: null,
      readOnly,
      addNode: (kind, position) => {
        const node = makeNode(get().graph, kind, position);
        const g = get().graph;
        edit({ ...g, nodes: [...g.nodes, node] }, null, { selectedNodes: [node.id], selectedEdges: [] });
        return node.id;
      },
      moveNodes: (positions, group) => edit(setPositions(get().graph, positions), group),
      remove: (nodeIds, ids) => {
        if (!nodeIds.length && !ids.length) return;
        edit(removeElements(get().graph, new Set(nodeIds), new Set(ids)), null, { selectedNodes: [], selectedEdges: [] });
      },
      connect: (from, to) => {
        const g = get().graph;
        const source = g.nodes.find((n) => n.id === from);
        const edge: FlowEdge = { from, to };
        // A gateway's first way out is its default; the others wait for a condition.
        if (source?.kind === 'gateway') {
          if (g.edges.some((e) => e.from === from && e.default)) edge.when = '';
          else edge.default = true;
        }
        const edges = [...g.edges, edge];
        edit({ ...g, edges }, null, { selectedNodes: [], selectedEdges: [edgeIds(edges)[edges.length - 1]] });
      },
      patchNode: (id, patch, group) => edit(updateNode(get().graph, id, patch), group ?? null),
      patchEdge: (id, patch, group) => {
        const before = edgeIds(get().graph.edges);
        const next = updateEdge(get().graph, id, patch);
        const after = edgeIds(next.edges);
        // An edge's canvas id follows its ends; keep it selected when they change.
        const index = before.indexOf(id);
        edit(next, group ?? null, index >= 0 && after[index] !== id ? { selectedEdges: [after[index]] } : {});
      },
      paste: (offset) => {
        const clip = get().clipboard;
        if (!clip || !clip.nodes.length) return;
        const { graph: next, nodeIds } = pasteElements(get().graph, clip, offset);
        edit(next, null, { selectedNodes: nodeIds, selectedEdges: [] });
      },
      applyLayout: (positions) => edit(setPositions(get().graph, positions), null),
      replaceGraph: (next) => edit(next, null, { selectedNodes: [], selectedEdges: [] }),
    };
  };

const createSelectionSlice: Creator<SelectionSlice> = (set, get) => ({
  selectedNodes: [],
  selectedEdges: [],
  clipboard: null,
  select: (nodes, edges) => set({ selectedNodes: nodes, selectedEdges: edges }),
  toggleNode: (id, selected) => {
    const current = get().selectedNodes;
    if (selected === current.includes(id)) return;
    set({ selectedNodes: selected ? [...current, id] : current.filter((n) => n !== id) });
  },
  toggleEdge: (id, selected) => {
    const current = get().selectedEdges;
    if (selected === current.includes(id)) return;
    set({ selectedEdges: selected ? [...current, id] : current.filter((n) => n !== id) });
  },
  copy: () => {
    const clip = copyElements(get().graph, new Set(get().selectedNodes));
    set({ clipboard: clip });
    return clip.nodes.length;
  },
});

const createViewSlice: Creator<ViewSlice> = (set) => ({
  problems: [],
  checkedGraph: null,
  notice: '',
  sizes: {},
  setProblems: (problems, checkedGraph) => set({ problems, checkedGraph }),
  setNotice: (notice) => set({ notice }),
  setSizes: (sizes) => set((s) => ({ sizes: { ...s.sizes, ...sizes } })),
});

/**
 * Undo history over the combined store: every `set` that replaces `graph` records the graph it
 * replaced, folded by `historyGroup`. Selection and view state never enter the history.
 */
const undoable =
  (creator: Creator<Omit<EditorState, keyof HistorySlice>>): StateCreator<EditorState> =>
  (set, get, api) => {
    const tracked: typeof set = (partial: Parameters<typeof set>[0]) => {
      const prev = get();
      const patch = typeof partial === 'function' ? partial(prev) : partial;
      if (patch.graph && patch.graph !== prev.graph) {
        set({ ...patch, history: record(prev.history, prev.graph, patch.historyGroup ?? null, Date.now()) });
      } else set(patch);
    };
    const travel = (step: typeof undo<FlowGraph>) => {
      const s = get();
      if (s.readOnly) return;
      const result = step(s.history, s.graph);
      if (!result) return;
      const nodeIds = new Set(result.state.nodes.map((n) => n.id));
      const ids = new Set(edgeIds(result.state.edges));
      set({
        graph: result.state,
        history: result.history,
        historyGroup: null,
        selectedNodes: s.selectedNodes.filter((id) => nodeIds.has(id)),
        selectedEdges: s.selectedEdges.filter((id) => ids.has(id)),
      });
    };
    return {
      ...creator(tracked, get, api),
      history: emptyHistory<FlowGraph>(),
      undo: () => travel(undo),
      redo: () => travel(redo),
    };
  };

export function createEditorStore(graph: FlowGraph, options: { readOnly?: boolean } = {}): StoreApi<EditorState> {
  return createStore<EditorState>()(
    undoable((...a) => ({
      ...createGraphSlice(graph, options.readOnly ?? false)(...a),
      ...createSelectionSlice(...a),
      ...createViewSlice(...a),
    })),
  );
}

const EditorStoreContext = createContext<StoreApi<EditorState> | null>(null);

export function EditorStoreProvider({ graph, readOnly, children }: { graph: FlowGraph; readOnly?: boolean; children: ReactNode }) {
  const [store] = useState(() => createEditorStore(graph, { readOnly }));
  return createElement(EditorStoreContext.Provider, { value: store }, children);
}

export function useEditorStoreApi(): StoreApi<EditorState> {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error('useEditor must be used inside <EditorStoreProvider>');
  return store;
}

/**
 * Reads the editor store of the nearest provider.
 * @example const graph = useEditor((s) => s.graph);
 */
export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorStoreApi(), selector);
}
