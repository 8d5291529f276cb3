'use client';
// Node cards: kind, label, the handler who works the node's queue, and whether rules run there.
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { NodeFiguresBadges, type NodeFigures } from './activity';

export interface CardData extends Record<string, unknown> {
  kind: string;
  kindLabel: string;
  label: string;
  handler: string | null;
  /** null where auto-dispatch does not apply. */
  autoDispatch: boolean | null;
  ruleSet: string | null;
  problem: string;
  /** The Activity overlay's figures, when it is on. */
  activity?: NodeFigures | null;
}

export type StartNode = Node<CardData, 'start'>;
export type EndNode = Node<CardData, 'end'>;
export type GatewayNode = Node<CardData, 'gateway'>;
export type TaskNode = Node<CardData, 'task'>;
export type CanvasNode = StartNode | EndNode | GatewayNode | TaskNode;

export const canvasType = (kind: string): CanvasNode['type'] =>
  kind === 'start' ? 'start' : kind === 'end' ? 'end' : kind === 'gateway' ? 'gateway' : 'task';

function Figures({ data }: { data: CardData }) {
  return data.activity ? <NodeFiguresBadges label={data.label} f={data.activity} /> : null;
}

const activityClass = (data: CardData) => (data.activity ? ' fe-has-activity' : '');

function ProblemMark({ problem }: { problem: string }) {
  if (!problem) return null;
  return (
    <span className="fe-problem-mark" title={problem}>
      <span aria-hidden="true">!</span>
      <span className="sr-only">Problem: {problem}</span>
    </span>
  );
}

const TerminalNode = memo(function TerminalNode({ data }: NodeProps<StartNode | EndNode>) {
  const isStart = data.kind === 'start';
  return (
    <div className={`fe-node fe-terminal fe-${data.kind}${data.problem ? ' has-problem' : ''}${activityClass(data)}`}>
      {!isStart && <Handle type="target" position={Position.Top} aria-label={`Connect into ${data.label}`} />}
      <span className="fe-kind">{data.kindLabel}</span>
      {data.label !== data.kindLabel && <span className="fe-label" title={data.label}>{data.label}</span>}
      <Figures data={data} />
      <ProblemMark problem={data.problem} />
      {isStart && <Handle type="source" position={Position.Bottom} aria-label={`Connect from ${data.label}`} />}
    </div>
  );
});

const GatewayCard = memo(function GatewayCard({ data }: NodeProps<GatewayNode>) {
  return (
    <div className={`fe-node fe-gateway${data.problem ? ' has-problem' : ''}${activityClass(data)}`}>
      <Handle type="target" position={Position.Top} aria-label={`Connect into ${data.label}`} />
      <span className="fe-diamond" aria-hidden="true" />
      <div className="fe-text">
        <span className="fe-kind">{data.kindLabel}</span>
        <span className="fe-label" title={data.label}>{data.label}</span>
        <span className="fe-meta">routes by condition</span>
        <Figures data={data} />
      </div>
      <ProblemMark problem={data.problem} />
      <Handle type="source" position={Position.Bottom} aria-label={`Connect from ${data.label}`} />
    </div>
  );
});

const TaskCard = memo(function TaskCard({ data }: NodeProps<TaskNode>) {
  return (
    <div className={`fe-node fe-task fe-k-${data.kind}${data.problem ? ' has-problem' : ''}${activityClass(data)}`}>
      <Handle type="target" position={Position.Top} aria-label={`Connect into ${data.label}`} />
      <div className="fe-head">
        <span className="fe-kind">{data.kindLabel}</span>
        {data.autoDispatch !== null && (
          <span className={`fe-auto ${data.autoDispatch ? 'on' : 'off'}`} title={data.ruleSet ? `Rule set: ${data.ruleSet}` : undefined}>
            {data.autoDispatch ? 'Auto' : 'Manual'}
          </span>
        )}
      </div>
      <span className="fe-label" title={data.label}>{data.label}</span>
      {data.handler && <span className="fe-meta">Handled by {data.handler}</span>}
      <Figures data={data} />
      <ProblemMark problem={data.problem} />
      <Handle type="source" position={Position.Bottom} aria-label={`Connect from ${data.label}`} />
    </div>
  );
});

export const nodeTypes = {
  start: TerminalNode,
  end: TerminalNode,
  gateway: GatewayCard,
  task: TaskCard,
};
