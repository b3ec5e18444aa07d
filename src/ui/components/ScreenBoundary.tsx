// The last line of defence around a screen: the plans guard each section (sections/guard.ts), so
// this catches only what escapes them, shows why in one line, and tries again on the next state.
import { Text } from 'ink';
import { Component, type ReactNode } from 'react';
import { cannotShow } from '../sections/guard.js';

interface Props {
  /** A new value (the next watch state) clears the error and draws the screen again. */
  resetKey: unknown;
  children: ReactNode;
}

interface State {
  error?: { why: string; key: unknown };
}

export class ScreenBoundary extends Component<Props, State> {
  override state: State = {};

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: { why: cannotShow(error).map((seg) => seg.text).join(''), key: undefined } };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    if (!state.error) return null;
    // The key the error happened under is recorded on the first pass; a later, different one retries.
    if (state.error.key === undefined) return { error: { ...state.error, key: props.resetKey } };
    return state.error.key === props.resetKey ? null : { error: undefined };
  }

  override render(): ReactNode {
    return this.state.error ? <Text wrap="truncate-end">{this.state.error.why}</Text> : this.props.children;
  }
}
