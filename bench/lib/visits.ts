/** The visits every benchmark queues, pushes or inserts, so baselines store the same rows as the app. */
import type { VisitRecord } from '../../src/protocol/schemas';
import { SERVICE_IDS, type ServiceId } from '../../src/protocol/services';
import { uuid7 } from '../../src/protocol/uuid7';

const SERVICES: ServiceId[] = [...SERVICE_IDS];

/** One or two services, cycling through all of them. */
export const pickServices = (i: number): ServiceId[] => [
  SERVICES[i % 10]!,
  ...(i % 3 === 0 ? [SERVICES[(i + 3) % 10]!] : []),
];

/** Every other visit leaves a phone number. */
export const benchPhone = (i: number) => (i % 2 ? `139${String(10_000_000 + (i % 2000)).slice(-8)}` : null);

/** The i-th bench visit, made at `at`. */
export const benchVisit = (i: number, at = new Date()): VisitRecord => ({
  id: uuid7(at.getTime()),
  createdAt: at.toISOString(),
  services: pickServices(i),
  phone: benchPhone(i),
  memberId: null,
});
