import type { CategoryInput } from '../categories/category.js';
import type { ProductInput } from '../products/product.js';
import { slugify } from '../products/product.js';

export interface GenerateOptions {
  /** How many products (categories are always the same dozen). */
  products: number;
  /** The same seed gives the same catalog, byte for byte. */
  seed: number;
}

export interface GeneratedCatalog {
  categories: (CategoryInput & { description: string })[];
  products: ProductInput[];
}

/** mulberry32: a tiny, fast, seeded PRNG; good enough for demo data, not for secrets. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface CategorySpec {
  slug: string;
  name: string;
  description: string;
  sku: string;
  nouns: string[];
  adjectives: string[];
  materials: string[];
  /** Price range in whole dollars. */
  price: [number, number];
}

const CATEGORIES: CategorySpec[] = [
  {
    slug: 'kitchen',
    name: 'Kitchen',
    description: 'Cookware, knives and everything for the home cook.',
    sku: 'KIT',
    nouns: ['Chef Knife', 'Cast Iron Skillet', 'Cutting Board', 'Saucepan', 'Mixing Bowl Set', 'Whisk'],
    adjectives: ['Professional', 'Classic', 'Nonstick', 'Heavy-Duty', 'Compact', 'Essential'],
    materials: ['stainless steel', 'cast iron', 'walnut', 'ceramic', 'carbon steel'],
    price: [8, 240],
  },
  {
    slug: 'coffee-tea',
    name: 'Coffee & Tea',
    description: 'Beans, brewers and cups for the daily ritual.',
    sku: 'COF',
    nouns: [
      'Espresso Cup',
      'Pour-Over Dripper',
      'Burr Grinder',
      'French Press',
      'Tea Kettle',
      'Milk Frother',
    ],
    adjectives: ['Barista', 'Double-Walled', 'Manual', 'Electric', 'Stackable', 'Glass'],
    materials: ['porcelain', 'borosilicate glass', 'stainless steel', 'stoneware'],
    price: [6, 320],
  },
  {
    slug: 'electronics',
    name: 'Electronics',
    description: 'Headphones, speakers, chargers and small gadgets.',
    sku: 'ELE',
    nouns: [
      'Wireless Headphones',
      'Bluetooth Speaker',
      'USB-C Charger',
      'Power Bank',
      'Smart Plug',
      'Webcam',
    ],
    adjectives: ['Noise-Cancelling', 'Portable', 'Fast-Charging', 'Compact', 'Waterproof', 'Pro'],
    materials: ['aluminium', 'recycled plastic', 'silicone'],
    price: [12, 480],
  },
  {
    slug: 'books',
    name: 'Books',
    description: 'Novels, cookbooks and field guides.',
    sku: 'BOO',
    nouns: ['Cookbook', 'Field Guide', 'Novel', 'Travel Journal', 'Sketchbook', 'Poetry Collection'],
    adjectives: ['Illustrated', 'Hardcover', 'Paperback', 'Annotated', 'Pocket', 'Collector\u2019s'],
    materials: ['paper', 'cloth binding', 'recycled paper'],
    price: [9, 65],
  },
  {
    slug: 'outdoor',
    name: 'Outdoor',
    description: 'Gear for trails, camps and long weekends outside.',
    sku: 'OUT',
    nouns: ['Daypack', 'Camping Lantern', 'Water Bottle', 'Trekking Poles', 'Sleeping Pad', 'Camp Stove'],
    adjectives: ['Ultralight', 'Rugged', 'Insulated', 'Packable', 'All-Weather', 'Trail'],
    materials: ['ripstop nylon', 'aluminium', 'stainless steel', 'titanium'],
    price: [15, 350],
  },
  {
    slug: 'home-decor',
    name: 'Home Decor',
    description: 'Lamps, vases, frames and textiles.',
    sku: 'HOM',
    nouns: ['Table Lamp', 'Vase', 'Picture Frame', 'Throw Pillow', 'Wall Clock', 'Candle Holder'],
    adjectives: ['Minimal', 'Handmade', 'Rustic', 'Modern', 'Scandinavian', 'Vintage'],
    materials: ['linen', 'oak', 'brass', 'glass', 'terracotta'],
    price: [10, 260],
  },
  {
    slug: 'apparel',
    name: 'Apparel',
    description: 'Everyday clothing made to last.',
    sku: 'APP',
    nouns: ['T-Shirt', 'Hoodie', 'Rain Jacket', 'Wool Socks', 'Denim Jacket', 'Beanie'],
    adjectives: ['Organic', 'Relaxed-Fit', 'Merino', 'Waterproof', 'Lightweight', 'Heavyweight'],
    materials: ['organic cotton', 'merino wool', 'recycled polyester', 'denim'],
    price: [12, 220],
  },
  {
    slug: 'beauty',
    name: 'Beauty',
    description: 'Skincare, haircare and grooming.',
    sku: 'BEA',
    nouns: ['Face Serum', 'Hand Cream', 'Shampoo Bar', 'Lip Balm', 'Beard Oil', 'Body Wash'],
    adjectives: ['Hydrating', 'Unscented', 'Soothing', 'Nourishing', 'Travel-Size', 'Daily'],
    materials: ['shea butter', 'jojoba oil', 'aloe vera', 'argan oil'],
    price: [5, 85],
  },
  {
    slug: 'toys-games',
    name: 'Toys & Games',
    description: 'Puzzles, board games and toys for all ages.',
    sku: 'TOY',
    nouns: ['Jigsaw Puzzle', 'Board Game', 'Building Blocks', 'Card Game', 'Plush Bear', 'Kite'],
    adjectives: ['Family', 'Classic', 'Wooden', 'Cooperative', 'Deluxe', 'Mini'],
    materials: ['beech wood', 'cardboard', 'cotton', 'recycled plastic'],
    price: [7, 120],
  },
  {
    slug: 'sports-fitness',
    name: 'Sports & Fitness',
    description: 'Training gear for home and gym.',
    sku: 'SPO',
    nouns: ['Yoga Mat', 'Resistance Bands', 'Kettlebell', 'Jump Rope', 'Foam Roller', 'Dumbbell Pair'],
    adjectives: ['Non-Slip', 'Adjustable', 'Pro', 'Travel', 'Heavy', 'Everyday'],
    materials: ['natural rubber', 'cast iron', 'TPE foam', 'neoprene'],
    price: [9, 300],
  },
  {
    slug: 'garden',
    name: 'Garden',
    description: 'Tools, planters and seeds.',
    sku: 'GAR',
    nouns: ['Pruning Shears', 'Planter', 'Watering Can', 'Garden Gloves', 'Seed Kit', 'Hand Trowel'],
    adjectives: ['Ergonomic', 'Self-Watering', 'Galvanized', 'Heirloom', 'Sturdy', 'Indoor'],
    materials: ['carbon steel', 'terracotta', 'galvanized steel', 'leather'],
    price: [6, 150],
  },
  {
    slug: 'office',
    name: 'Office',
    description: 'Desks, notebooks and pens for focused work.',
    sku: 'OFF',
    nouns: ['Notebook', 'Fountain Pen', 'Desk Organizer', 'Monitor Stand', 'Desk Lamp', 'Planner'],
    adjectives: ['Dotted', 'Refillable', 'Bamboo', 'Adjustable', 'Slim', 'Premium'],
    materials: ['bamboo', 'recycled paper', 'aluminium', 'felt'],
    price: [4, 190],
  },
];

const BRANDS = ['Northwind', 'Fjord & Co', 'Lumen', 'Oakhaven', 'Bramble', 'Kestrel', 'Solace', 'Meridian'];
const COLORS = ['black', 'white', 'sage', 'navy', 'sand', 'terracotta', 'charcoal', 'oat', 'forest'];

/**
 * A realistic catalog, the same for the same seed: a dozen categories and `products` products spread
 * over them, in the shapes POST /categories and POST /products take. Slugs and SKUs are unique
 * (seed and running number keep them so at 100,000 products and more, and across seeds).
 */
export function generateCatalog(options: GenerateOptions): GeneratedCatalog {
  const random = mulberry32(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));

  const products: ProductInput[] = [];
  for (let index = 0; index < options.products; index++) {
    const category = pick(CATEGORIES);
    const brand = pick(BRANDS);
    const adjective = pick(category.adjectives);
    const noun = pick(category.nouns);
    const material = pick(category.materials);
    const color = pick(COLORS);
    const name = `${brand} ${adjective} ${noun}`;
    const number = index + 1;
    // The seed is part of slugs and SKUs, so catalogs of different seeds can live side by side.
    const slug = `${slugify(name)}-${options.seed}-${number}`;
    const dollars = between(category.price[0], category.price[1]);
    products.push({
      slug,
      name,
      description:
        `The ${adjective.toLowerCase()} ${noun.toLowerCase()} from ${brand}, made of ${material} ` +
        `in ${color}. Designed for everyday use and built to last; backed by a two-year warranty.`,
      category: category.slug,
      sku: `${category.sku}-${options.seed}-${String(number).padStart(6, '0')}`,
      price: { amount: dollars * 100 + pick([0, 49, 95, 99]), currency: 'USD' },
      // About one product in twelve is sold out, as in a real shop.
      stock_qty: random() < 0.08 ? 0 : between(1, 500),
      images: [
        `https://images.bodega.dev/products/${slug}.jpg`,
        `https://images.bodega.dev/products/${slug}-2.jpg`,
      ],
      attributes: {
        brand,
        color,
        material,
        weight_g: between(20, 5_000),
      },
      active: true,
    });
  }
  return {
    categories: CATEGORIES.map(({ slug, name, description }) => ({ slug, name, description })),
    products,
  };
}
