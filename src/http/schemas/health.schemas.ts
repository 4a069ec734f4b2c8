import { Type } from '@sinclair/typebox';

const Probe = Type.Union([Type.Literal('ok'), Type.Literal('down')]);

export const Alive = Type.Object({ status: Type.Literal('ok') });
export const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  database: Probe,
  storage: Probe,
});
