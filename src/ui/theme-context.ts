// The theme for React components below the app. Kept apart from theme.ts so the frame painted
// before React loads (first-frame.ts) shares the theme without pulling React in.
import { createContext, createElement, useContext, type ReactNode } from 'react';
import { defaultTheme, type Theme } from './theme.js';

const ThemeContext = createContext<Theme>(defaultTheme);

export function ThemeProvider({ theme, children }: { theme: Theme; children?: ReactNode }) {
  return createElement(ThemeContext.Provider, { value: theme }, children);
}

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
