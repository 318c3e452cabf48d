import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Field } from '../../ui/field';
import { Input, NativeSelect } from '../../ui/input';
import { CustomersCard } from './customers-card';
import { FunnelCard } from './funnel-card';
import {
  browserTimeZone,
  customRange,
  presetRange,
  presets,
  timeZones,
  type Interval,
  type Preset,
} from './range';
import { SalesCard } from './sales-card';
import { TopProductsCard } from './top-products-card';

const intervals: { value: Interval; label: string }[] = [
  { value: 'hour', label: 'Hourly' },
  { value: 'day', label: 'Daily' },
  { value: 'week', label: 'Weekly' },
];

function readPreset(value: string | null): Preset | 'custom' {
  if (value === 'custom') return value;
  return value !== null && Object.hasOwn(presets, value) ? (value as Preset) : '30d';
}

const defaultInterval = (preset: Preset | 'custom'): Interval =>
  preset === 'custom' ? 'day' : presets[preset].interval;

const isoDay = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/**
 * The analytics dashboards (managers and admins): sales over time, top products, the funnel and new
 * versus returning customers, for a range, an interval and a time zone (the browser's by default).
 * Each card loads, fails and empties on its own; a range the server refuses (too long for hourly
 * buckets) shows its message where the chart would be.
 */
export function AdminAnalyticsPage() {
  // Range, interval and zone are mirrored in the URL: a dashboard view can be bookmarked or shared.
  // (Kept in state: two quick changes must not read the same stale URL.)
  const [params, setParams] = useSearchParams();
  const [view, setView] = useState(() => {
    const preset = readPreset(params.get('range'));
    return {
      preset,
      interval:
        intervals.find((each) => each.value === params.get('interval'))?.value ?? defaultInterval(preset),
      tz: params.get('tz') ?? browserTimeZone(),
    };
  });
  const { preset, interval, tz } = view;
  useEffect(() => {
    setParams({ range: preset, interval, tz }, { replace: true });
  }, [preset, interval, tz, setParams]);
  const [fromDay, setFromDay] = useState(() => isoDay(new Date(Date.now() - 29 * 86_400_000)));
  const [toDay, setToDay] = useState(() => isoDay(new Date()));
  useEffect(() => {
    document.title = 'Analytics · Admin · Bodega';
  }, []);
  const zones = useMemo(() => timeZones(tz), [tz]);
  const custom = preset === 'custom' ? customRange(fromDay, toDay) : undefined;
  const range = preset === 'custom' ? custom : presetRange(preset);

  return (
    <div>
      <h1 className="mb-6 text-2xl font-bold tracking-tight">Analytics</h1>
      <form
        aria-label="Report range"
        className="mb-6 flex flex-wrap items-start gap-3"
        onSubmit={(event) => event.preventDefault()}
      >
        <Field label="Range" className="w-44">
          <NativeSelect
            value={preset}
            onChange={(event) => {
              // A new range starts from its own interval.
              const next = readPreset(event.target.value);
              setView((current) => ({ ...current, preset: next, interval: defaultInterval(next) }));
            }}
          >
            {Object.entries(presets).map(([value, { label }]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
            <option value="custom">Custom dates</option>
          </NativeSelect>
        </Field>
        {preset === 'custom' && (
          <>
            <Field
              label="From"
              className="w-44"
              error={custom ? undefined : 'Pick a first day on or before the last'}
            >
              <Input
                type="date"
                value={fromDay}
                max={toDay}
                onChange={(event) => setFromDay(event.target.value)}
              />
            </Field>
            <Field label="To" className="w-44">
              <Input
                type="date"
                value={toDay}
                min={fromDay}
                onChange={(event) => setToDay(event.target.value)}
              />
            </Field>
          </>
        )}
        <Field label="Interval" className="w-36">
          <NativeSelect
            value={interval}
            onChange={(event) =>
              setView((current) => ({ ...current, interval: event.target.value as Interval }))
            }
          >
            {intervals.map((each) => (
              <option key={each.value} value={each.value}>
                {each.label}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field label="Time zone" className="w-60" hint="Days and weeks start at midnight here">
          <NativeSelect
            value={tz}
            onChange={(event) => setView((current) => ({ ...current, tz: event.target.value }))}
          >
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replaceAll('_', ' ')}
              </option>
            ))}
          </NativeSelect>
        </Field>
      </form>
      {range && (
        <div className="flex flex-col gap-6">
          <SalesCard range={range} interval={interval} tz={tz} />
          <div className="grid gap-6 xl:grid-cols-2">
            <FunnelCard range={range} />
            <CustomersCard range={range} interval={interval} tz={tz} />
          </div>
          <TopProductsCard range={range} />
        </div>
      )}
    </div>
  );
}
