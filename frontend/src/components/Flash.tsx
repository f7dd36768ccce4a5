import { useState } from 'preact/hooks';
import { takeFlash } from '../lib/flash';
import { Notice } from './ui';

export function Flash() {
  const [message] = useState(takeFlash);
  return message ? <Notice>{message}</Notice> : null;
}
