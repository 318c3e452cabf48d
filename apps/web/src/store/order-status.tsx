import type { OrderStatus } from '../api/types';
import { Badge } from '../ui/badge';

const tones: Record<OrderStatus, 'neutral' | 'success' | 'warning' | 'danger' | 'info'> = {
  pending: 'warning',
  paid: 'info',
  shipped: 'info',
  delivered: 'success',
  cancelled: 'danger',
  refunded: 'neutral',
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  return (
    <Badge tone={tones[status]} className="capitalize" data-testid="order-status">
      {status}
    </Badge>
  );
}
