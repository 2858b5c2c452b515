"""What the demo shop contains: categories, product types, products, accounts and shipping.

Plain data only, no database access, so that anything (a startup banner, a test) can import the
demo logins without touching models. ``commerce.demo.services`` turns this into rows.

The catalogue is generated from compact per-family tables (brand, model, price, a few specs)
rather than written out product by product: it keeps 70-odd products reviewable while every
title, description and price still reads like a real shop's. The brands are made up on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import slugify

DEMO_PASSWORD = "nexus-demo"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    username: str
    first_name: str
    last_name: str
    role_label: str
    # A ``commerce.roles.services.Role`` value, kept as a plain string so that importing this
    # module never pulls in Django's auth models; None means superuser with no staff role.
    role: str | None


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin@example.com", "admin", "Ada", "Admin", "Administrator", None),
    DemoAccount(
        "merchandiser@example.com",
        "merchandiser",
        "Max",
        "Merchant",
        "Merchandiser",
        "merchandiser",
    ),
    DemoAccount("editor@example.com", "editor", "Eve", "Editor", "Editor", "editor"),
    DemoAccount("customer@example.com", "customer", "Chloe", "Customer", "Customer", "customer"),
)

PARTNER_CODE = "nexus-demo-store"
PARTNER_NAME = "Nexus Demo Store"


@dataclass(frozen=True)
class ShippingMethodSpec:
    code: str
    name: str
    description: str
    price_per_order: Decimal
    free_shipping_threshold: Decimal | None = None


SHIPPING_METHODS: tuple[ShippingMethodSpec, ...] = (
    ShippingMethodSpec(
        code="standard",
        name="Standard delivery",
        description="Delivered in 3 to 5 working days. Free on orders of 50 or more.",
        price_per_order=Decimal("4.90"),
        free_shipping_threshold=Decimal("50.00"),
    ),
    ShippingMethodSpec(
        code="express",
        name="Express delivery",
        description="Order before 2 pm for next-working-day delivery.",
        price_per_order=Decimal("12.00"),
    ),
)


@dataclass(frozen=True)
class CountrySpec:
    alpha2: str
    alpha3: str
    numeric: str
    printable_name: str
    official_name: str


# ISO 3166-1 codes; the numeric code is a zero-padded string, as Oscar stores it.
COUNTRIES: tuple[CountrySpec, ...] = (
    CountrySpec("FR", "FRA", "250", "France", "French Republic"),
    CountrySpec(
        "GB", "GBR", "826", "United Kingdom", "United Kingdom of Great Britain and Northern Ireland"
    ),
    CountrySpec("US", "USA", "840", "United States", "United States of America"),
    CountrySpec("BE", "BEL", "056", "Belgium", "Kingdom of Belgium"),
    CountrySpec("CA", "CAN", "124", "Canada", "Canada"),
    CountrySpec("DE", "DEU", "276", "Germany", "Federal Republic of Germany"),
    CountrySpec("CH", "CHE", "756", "Switzerland", "Swiss Confederation"),
    CountrySpec("ET", "ETH", "231", "Ethiopia", "Federal Democratic Republic of Ethiopia"),
    CountrySpec("CD", "COD", "180", "DR Congo", "Democratic Republic of the Congo"),
    CountrySpec("SN", "SEN", "686", "Senegal", "Republic of Senegal"),
    CountrySpec("CI", "CIV", "384", "Côte d'Ivoire", "Republic of Côte d'Ivoire"),
    CountrySpec("CM", "CMR", "120", "Cameroon", "Republic of Cameroon"),
    CountrySpec("MA", "MAR", "504", "Morocco", "Kingdom of Morocco"),
)


# --- Categories ---------------------------------------------------------------------------------
# Three levels everywhere: department > family > leaf. Products hang on leaves only.
CATEGORY_TREE: dict[str, dict[str, tuple[str, ...]]] = {
    "Phones & Tablets": {
        "Smartphones": ("Android",),
        "Tablets": ("Android tablets",),
        "Accessories": ("Cases & screen protection", "Chargers & cables"),
    },
    "Computers": {
        "Laptops": ("Ultrabooks", "Gaming laptops"),
        "Peripherals": ("Keyboards", "Mice", "Monitors"),
    },
    "Audio": {
        "Headphones": ("Over-ear headphones", "Earbuds"),
        "Speakers": ("Bluetooth speakers",),
    },
    "Clothing": {
        "Men": ("T-shirts",),
        "Women": ("T-shirts",),
        "Unisex": ("Hoodies & sweatshirts",),
    },
    "Home & Kitchen": {
        "Coffee": ("Coffee makers", "Coffee beans"),
        "Cookware": ("Pans & skillets",),
    },
    "Books": {
        "Fiction": ("Crime & thrillers",),
        "Non-fiction": ("Food & cooking",),
    },
}

CATEGORY_DESCRIPTIONS: dict[str, str] = {
    "Phones & Tablets": "Unlocked smartphones, tablets and the accessories that go with them.",
    "Computers": "Laptops for work and play, and the peripherals to build a proper desk.",
    "Audio": "Headphones, earbuds and speakers, tuned for music, calls and everything between.",
    "Clothing": "Everyday basics in organic cotton and linen, made to last.",
    "Home & Kitchen": "Coffee gear, freshly roasted beans and cookware for every day.",
    "Books": "Page-turners and cookbooks picked by the team.",
}


def category_paths() -> list[tuple[str, ...]]:
    """Every node of the tree as a path from its department, parents before children."""
    paths: list[tuple[str, ...]] = []
    for department, families in CATEGORY_TREE.items():
        paths.append((department,))
        for family, leaves in families.items():
            paths.append((department, family))
            paths.extend((department, family, leaf) for leaf in leaves)
    return paths


# --- Product classes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductClassSpec:
    slug: str
    name: str
    # (code, display name) of text attributes
    attributes: tuple[tuple[str, str], ...] = ()


PRODUCT_CLASSES: tuple[ProductClassSpec, ...] = (
    # Sold as parent products whose children are the variants a customer picks from.
    ProductClassSpec("smartphone", "Smartphone", (("storage", "Storage"), ("colour", "Colour"))),
    ProductClassSpec("apparel", "Apparel", (("size", "Size"), ("colour", "Colour"))),
    # Sold as stand-alone products.
    ProductClassSpec("electronics", "Electronics", (("brand", "Brand"),)),
    ProductClassSpec("kitchen", "Home & kitchen", (("brand", "Brand"),)),
    ProductClassSpec("coffee", "Coffee", (("origin", "Origin"), ("roast", "Roast"))),
    ProductClassSpec("book", "Book", (("author", "Author"), ("pages", "Pages"))),
)


# --- Products -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class VariantSpec:
    sku: str
    title: str
    price: Decimal
    attributes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ProductSpec:
    sku: str
    title: str
    description: str
    product_class: str
    category: tuple[str, str, str]
    # None for parent products: only their variants are bought, so only they carry a price.
    price: Decimal | None = None
    attributes: tuple[tuple[str, str], ...] = ()
    variants: tuple[VariantSpec, ...] = ()

    @property
    def is_parent(self) -> bool:
        return bool(self.variants)


def _sku(*parts: str) -> str:
    return "-".join(slugify(part).upper() for part in parts)


def _price(value: str | int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


# The tables below are kept one row per product (or per product line) so they read like a price
# list; the formatter would otherwise explode each row over eight lines.
# fmt: off

# brand, model, price of the base storage, display, camera, battery (mAh), colour,
# {storage in GB: price premium}
PHONES = (
    ("Aurora", "X5", 449, "6.4-inch OLED", "50 MP", 4500, "Graphite", {128: 0, 256: 70}),
    ("Aurora", "X5 Pro", 699, "6.7-inch LTPO OLED", "50 MP triple", 5000, "Titanium",
     {256: 0, 512: 120}),
    ("Nimbus", "One 12", 599, "6.1-inch AMOLED", "64 MP", 4300, "Glacier blue",
     {128: 0, 256: 60, 512: 180}),
    ("Kestrel", "K3 Lite", 229, "6.5-inch LCD", "48 MP", 5000, "Midnight", {64: 0, 128: 30}),
)

# title, SKU stem, price, category, colours, sizes, what it is made of
APPAREL = (
    ("Essential organic crew T-shirt", "TS-CREW", "19.90", ("Clothing", "Men", "T-shirts"),
     ("White", "Navy"), ("S", "M", "L", "XL"),
     "180 g/m² organic cotton jersey with a regular fit and a ribbed crew neck"),
    ("Relaxed linen-blend V-neck tee", "TS-VNECK", "24.90", ("Clothing", "Women", "T-shirts"),
     ("Sand", "Sage"), ("XS", "S", "M", "L"),
     "a breezy linen and cotton blend, cut loose with a soft V-neck and dropped shoulders"),
    ("Heavyweight zip hoodie", "HD-ZIP", "54.90", ("Clothing", "Unisex", "Hoodies & sweatshirts"),
     ("Charcoal", "Forest green"), ("S", "M", "L", "XL"),
     "brushed-back 400 g/m² fleece, a two-way metal zip and a lined hood"),
)

# brand, model, screen, storage (GB), price, what sets it apart
TABLETS = (
    ("Aurora", "Tab S9", "10.9-inch", 128, 529, "a keyboard-ready design for work on the go"),
    ("Nimbus", "Pad Air", "11-inch", 256, 649, "a 120 Hz display and quad speakers for films"),
    ("Kestrel", "Tab 8 Kids", "8-inch", 64, 149, "a drop-proof case and parental controls"),
)

# kind, price, blurb: one of each per phone above, so the accessories match the phones on sale
PHONE_CASES = (
    ("slim silicone case", "19.90", "Soft-touch silicone with a microfibre lining"),
    ("leather folio case", "34.90", "Full-grain leather with two card slots"),
    ("tempered glass screen protector, 2-pack", "14.90", "9H glass, bubble-free fit"),
)

# name, price, blurb (all by Volt)
CHARGERS = (
    ("65 W GaN USB-C charger", "39.90", "Charges a laptop, a phone and earbuds at once"),
    ("30 W USB-C wall charger", "19.90", "Fast-charges most phones to 50% in 30 minutes"),
    ("Braided USB-C cable, 2 m", "14.90", "Nylon-braided, rated for 10,000 bends, 100 W"),
    ("10,000 mAh power bank", "29.90", "Pocket-sized, with USB-C in/out and 20 W output"),
    ("15 W wireless charging pad", "24.90", "Qi-certified, with a non-slip base"),
)

# brand, model, specification, price, leaf category under Computers > Laptops
LAPTOPS = (
    ("Lumen", "Air 13", "13.3-inch, Core i5, 16 GB RAM, 512 GB SSD", 999, "Ultrabooks"),
    ("Lumen", "Air 15", "15.3-inch, Core i7, 16 GB RAM, 1 TB SSD", 1199, "Ultrabooks"),
    ("Atlas", "Book 14", "14-inch, Ryzen 5, 8 GB RAM, 512 GB SSD", 849, "Ultrabooks"),
    ("Corvid", "Blade 15", "15.6-inch 240 Hz, RTX 4070, 32 GB RAM", 1599, "Gaming laptops"),
    ("Corvid", "Raptor 17", "17.3-inch 240 Hz, RTX 4080, 32 GB RAM", 1899, "Gaming laptops"),
    ("Atlas", "Strike 16", "16-inch 165 Hz, RTX 4060, 16 GB RAM", 1349, "Gaming laptops"),
)

# SKU prefix, category, then brand, name, price, blurb per product
GADGETS = (
    ("PC", ("Computers", "Peripherals", "Keyboards"), (
        ("Keyforge", "K2 mechanical keyboard, brown switches", "89.00",
         "Tactile, quiet enough for the office, hot-swappable switches"),
        ("Keyforge", "K2 mechanical keyboard, red switches", "89.00",
         "Smooth linear switches for gaming, hot-swappable"),
        ("Keyforge", "Slim wireless keyboard", "49.00", "Low-profile keys, pairs with 3 devices"),
        ("Lumen", "Compact travel keyboard", "39.00", "Folds to pocket size, 3 months a charge"),
    )),
    ("PC", ("Computers", "Peripherals", "Mice"), (
        ("Keyforge", "Glide wireless mouse", "29.90", "Silent clicks and a 70-day battery"),
        ("Keyforge", "Glide Pro ergonomic mouse", "59.90", "A vertical grip for a neutral wrist"),
        ("Corvid", "Viper gaming mouse", "49.90", "58 g, 26,000 DPI sensor, braided cable"),
        ("Lumen", "Silent travel mouse", "19.90", "Bluetooth or USB receiver, one AA battery"),
    )),
    ("PC", ("Computers", "Peripherals", "Monitors"), (
        ("Atlas", "27-inch 4K IPS monitor", "349.00", "99% sRGB, USB-C with 65 W charging"),
        ("Atlas", "24-inch Full HD monitor", "149.00", "Thin bezels, tilt stand, low blue light"),
        ("Corvid", "27-inch 165 Hz QHD gaming monitor", "329.00",
         "1 ms response, adaptive sync, height-adjustable stand"),
    )),
    ("AU", ("Audio", "Headphones", "Over-ear headphones"), (
        ("Sonata", "ANC 700 wireless headphones", "249.00",
         "Adaptive noise cancelling, 30-hour battery, multipoint Bluetooth"),
        ("Sonata", "Studio Monitor 50 headphones", "129.00",
         "Closed-back, flat response for mixing, detachable cable"),
        ("Echo", "Bass One wireless headphones", "79.00", "Punchy bass, foldable, 40-hour battery"),
    )),
    ("AU", ("Audio", "Headphones", "Earbuds"), (
        ("Sonata", "Buds Pro noise-cancelling earbuds", "179.00",
         "Noise cancelling, wireless charging case, IPX4"),
        ("Echo", "Pods Lite earbuds", "49.00", "Light and comfortable, 24 hours with the case"),
        ("Echo", "Sport Fit earbuds", "69.00", "Ear hooks that stay put, sweat-proof IPX7"),
    )),
    ("SP", ("Audio", "Speakers", "Bluetooth speakers"), (
        ("Echo", "Boom Mini Bluetooth speaker", "39.00", "Clips to a bag, 12 hours, waterproof"),
        ("Echo", "Boom 2 Bluetooth speaker", "89.00", "Room-filling sound, 20 hours, IP67"),
        ("Sonata", "Arena 360 speaker", "199.00", "360° sound, party mode, 24 hours"),
    )),
)

# brand, name, price, leaf under Home & Kitchen, blurb
KITCHEN = (
    ("Brewster", "Pour-over coffee set", "44.90", ("Coffee", "Coffee makers"),
     "Glass dripper, server and 100 filters: clean, bright cups in four minutes"),
    ("Brewster", "Barista 15-bar espresso machine", "279.00", ("Coffee", "Coffee makers"),
     "Steam wand for microfoam, 58 mm portafilter, heats up in 30 seconds"),
    ("Brewster", "Conical burr coffee grinder", "89.90", ("Coffee", "Coffee makers"),
     "40 grind settings from espresso to cold brew"),
    ("Ferro", "Cast-iron skillet, 26 cm", "39.90", ("Cookware", "Pans & skillets"),
     "Pre-seasoned, oven-safe, works on induction"),
    ("Ferro", "Non-stick frying pan, 28 cm", "34.90", ("Cookware", "Pans & skillets"),
     "PFAS-free ceramic coating, stay-cool handle"),
    ("Ferro", "Stainless steel sauté pan, 24 cm", "49.90", ("Cookware", "Pans & skillets"),
     "Tri-ply body for even heat, with a glass lid"),
)

# country, region, price per 250 g, roast, tasting notes
COFFEES = (
    ("Ethiopia", "Yirgacheffe", "12.50", "Light", "jasmine, bergamot and peach"),
    ("Colombia", "Huila", "10.90", "Medium", "caramel, red apple and cocoa"),
    ("Kenya", "Nyeri AA", "13.90", "Light", "blackcurrant, grapefruit and cane sugar"),
    ("Brazil", "Cerrado", "9.90", "Medium-dark", "hazelnut, milk chocolate and toffee"),
    ("Guatemala", "Antigua", "11.50", "Medium", "brown sugar, orange and almond"),
    ("Rwanda", "Nyamasheke", "12.90", "Light", "red grape, hibiscus and honey"),
)

# title, author, pages, price, leaf under Books, blurb
BOOKS = (
    ("The Harbour Light Murders", "Claire Dumont", 384, "9.99", ("Fiction", "Crime & thrillers"),
     "A lighthouse keeper vanishes and a Breton fishing town closes ranks."),
    ("Cold Ledger", "Marcus Okafor", 416, "10.99", ("Fiction", "Crime & thrillers"),
     "A forensic accountant follows the money from Lagos to London."),
    ("Nine Days in Dakar", "Awa Ndiaye", 352, "9.49", ("Fiction", "Crime & thrillers"),
     "A journalist has nine days to clear her brother's name."),
    ("Salt, Smoke & Fire", "Jonas Berg", 288, "27.00", ("Non-fiction", "Food & cooking"),
     "Cooking over live fire, from the backyard grill to the campfire."),
    ("The Weeknight Table", "Priya Raman", 256, "22.00", ("Non-fiction", "Food & cooking"),
     "120 dinners that take thirty minutes or less."),
    ("Injera & Beyond", "Selam Tesfaye", 240, "24.50", ("Non-fiction", "Food & cooking"),
     "Ethiopian home cooking, from berbere to the coffee ceremony."),
)

# fmt: on


def _phones() -> list[ProductSpec]:
    specs = []
    for brand, model, base, screen, camera, battery, colour, storages in PHONES:
        sku = _sku("PH", brand, model)
        variants = tuple(
            VariantSpec(
                sku=f"{sku}-{storage}",
                title=f"{brand} {model} 5G, {storage} GB, {colour}",
                price=_price(base + premium),
                attributes=(("storage", f"{storage} GB"), ("colour", colour)),
            )
            for storage, premium in storages.items()
        )
        specs.append(
            ProductSpec(
                sku=sku,
                title=f"{brand} {model} 5G smartphone",
                description=(
                    f"The {brand} {model} pairs a {screen} display with a {camera} camera and a "
                    f"{battery} mAh battery that lasts a full day and then some. Unlocked, dual "
                    f"SIM, with three years of security updates. Choose the storage you need."
                ),
                product_class="smartphone",
                category=("Phones & Tablets", "Smartphones", "Android"),
                variants=variants,
            )
        )
    return specs


def _apparel() -> list[ProductSpec]:
    specs = []
    for title, stem, price, category, colours, sizes, fabric in APPAREL:
        variants = tuple(
            VariantSpec(
                sku=_sku(stem, colour, size),
                title=f"{title}, {colour}, {size}",
                price=_price(price),
                attributes=(("size", size), ("colour", colour)),
            )
            for colour in colours
            for size in sizes
        )
        specs.append(
            ProductSpec(
                sku=_sku(stem),
                title=title,
                description=(
                    f"Made from {fabric}. Available in "
                    f"{' and '.join(colour.lower() for colour in colours)}, sizes {sizes[0]} to "
                    f"{sizes[-1]}. Machine wash at 30 °C, tumble dry low."
                ),
                product_class="apparel",
                category=category,
                variants=variants,
            )
        )
    return specs


def _electronic(
    *, prefix: str, brand: str, name: str, price, category, description: str
) -> ProductSpec:
    return ProductSpec(
        sku=_sku(prefix, brand, name),
        title=f"{brand} {name}",
        description=description,
        product_class="electronics",
        category=category,
        price=_price(price),
        attributes=(("brand", brand),),
    )


def _electronics() -> list[ProductSpec]:
    specs = [
        _electronic(
            prefix="TB",
            brand=brand,
            name=f"{model} {screen} tablet, {storage} GB",
            price=price,
            category=("Phones & Tablets", "Tablets", "Android tablets"),
            description=f"A {screen} Android tablet with {storage} GB, Wi-Fi 6 and {pitch}.",
        )
        for brand, model, screen, storage, price, pitch in TABLETS
    ]
    specs += [
        _electronic(
            prefix="AC",
            brand=brand,
            name=f"{model} {kind}",
            price=price,
            category=("Phones & Tablets", "Accessories", "Cases & screen protection"),
            description=f"{blurb}, cut precisely for the {brand} {model}.",
        )
        for brand, model, *_ in PHONES
        for kind, price, blurb in PHONE_CASES
    ]
    specs += [
        _electronic(
            prefix="CH",
            brand="Volt",
            name=name,
            price=price,
            category=("Phones & Tablets", "Accessories", "Chargers & cables"),
            description=f"{blurb}.",
        )
        for name, price, blurb in CHARGERS
    ]
    specs += [
        _electronic(
            prefix="LT",
            brand=brand,
            name=f"{model} laptop",
            price=price,
            category=("Computers", "Laptops", leaf),
            description=(
                f"The {brand} {model}: {spec}. Backlit keyboard, Wi-Fi 6E, two USB-C ports with "
                f"charging and a two-year warranty."
            ),
        )
        for brand, model, spec, price, leaf in LAPTOPS
    ]
    specs += [
        _electronic(
            prefix=prefix,
            brand=brand,
            name=name,
            price=price,
            category=category,
            description=f"{blurb}.",
        )
        for prefix, category, rows in GADGETS
        for brand, name, price, blurb in rows
    ]
    return specs


def _kitchen() -> list[ProductSpec]:
    specs = [
        ProductSpec(
            sku=_sku("HK", brand, name),
            title=f"{brand} {name}",
            description=f"{blurb}.",
            product_class="kitchen",
            category=("Home & Kitchen", *leaf),
            price=_price(price),
            attributes=(("brand", brand),),
        )
        for brand, name, price, leaf, blurb in KITCHEN
    ]
    specs += [
        ProductSpec(
            sku=_sku("CF", country, region),
            title=f"{country} {region} coffee beans, 250 g",
            description=(
                f"Single-origin beans from {region}, {country}, roasted {roast.lower()} in small "
                f"batches every week. Tasting notes: {notes}."
            ),
            product_class="coffee",
            category=("Home & Kitchen", "Coffee", "Coffee beans"),
            price=_price(price),
            attributes=(("origin", f"{region}, {country}"), ("roast", roast)),
        )
        for country, region, price, roast, notes in COFFEES
    ]
    return specs


def _books() -> list[ProductSpec]:
    return [
        ProductSpec(
            sku=_sku("BK", title),
            title=title,
            description=f"{blurb} By {author}, {pages} pages, paperback.",
            product_class="book",
            category=("Books", *leaf),
            price=_price(price),
            attributes=(("author", author), ("pages", str(pages))),
        )
        for title, author, pages, price, leaf, blurb in BOOKS
    ]


def _build_products() -> tuple[ProductSpec, ...]:
    products = (*_phones(), *_electronics(), *_apparel(), *_kitchen(), *_books())
    skus = [p.sku for p in products] + [v.sku for p in products for v in p.variants]
    if len(skus) != len(set(skus)):
        raise ValueError("demo SKUs must be unique: they are the key every load looks up by")
    return products


PRODUCTS: tuple[ProductSpec, ...] = _build_products()

# A couple of items sold out, so the storefront shows what out of stock looks like.
OUT_OF_STOCK_SKUS: frozenset[str] = frozenset(
    {_sku("LT", "Corvid", "Raptor 17 laptop"), _sku("CF", "Kenya", "Nyeri AA")}
)

# What the home page shows, in this order: a mix of departments, all in stock.
FEATURED_SKUS: tuple[str, ...] = (
    _sku("PH", "Aurora", "X5 Pro"),
    _sku("LT", "Lumen", "Air 13 laptop"),
    _sku("AU", "Sonata", "ANC 700 wireless headphones"),
    _sku("TS", "CREW"),
    _sku("HK", "Brewster", "Barista 15-bar espresso machine"),
    _sku("PH", "Nimbus", "One 12"),
    _sku("SP", "Echo", "Boom 2 Bluetooth speaker"),
    _sku("CF", "Ethiopia", "Yirgacheffe"),
)


def stock_level(sku: str) -> int:
    """A stable, varied stock level between 5 and 50, so every load gives the same numbers."""
    if sku in OUT_OF_STOCK_SKUS:
        return 0
    return 5 + sum(sku.encode()) % 46


@dataclass(frozen=True)
class HomePageSpec:
    title: str
    slug: str
    hero_title: str
    hero_text: str
    intro: str
    featured_title: str


def home_page_spec(*, shop_name: str, currency: str) -> HomePageSpec:
    threshold = SHIPPING_METHODS[0].free_shipping_threshold
    return HomePageSpec(
        title=shop_name,
        slug="home",
        hero_title=f"Welcome to {shop_name}",
        hero_text=(
            f"Phones, laptops, audio, clothing and coffee. Free standard delivery on orders "
            f"over {threshold:.0f} {currency}."
        ),
        intro=(
            "<p>This is a demo shop: browse the catalogue, fill a basket and check out with "
            "the sandbox payment provider. Nothing is charged and nothing is shipped.</p>"
        ),
        featured_title="Featured products",
    )
