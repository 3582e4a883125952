import { serviceColor } from './palette';

/** A service's colour as a small square beside its name: the colour its lines and trace bars have too. */
export function ServiceSwatch({ service, testId, title }: { service: string; testId: string; title?: string }) {
  return <span className="service-swatch" data-testid={testId} data-service={service} style={{ background: serviceColor(service) }} title={title} aria-hidden />;
}
