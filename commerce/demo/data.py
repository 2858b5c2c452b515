"""What the demo shop contains: categories, product types, products, accounts and shipping.

Plain data only, no database access, so that anything (a startup banner, a test) can import the
demo logins without touching models. ``commerce.demo.services`` turns this into rows.

The catalogue is generated from compact per-family tables (brand, model, price, a few specs)
rather than written out product by product: it keeps 70-odd products reviewable while every
title, description and price still reads like a real shop's. The brands are made up on purpose.
"""

from __future__ import annotations

import re
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

# French names, by English name (a name repeated across branches, "T-shirts", reads the same).
CATEGORY_NAMES_FR: dict[str, str] = {
    "Phones & Tablets": "Téléphones et tablettes",
    "Smartphones": "Smartphones",
    "Android": "Android",
    "Tablets": "Tablettes",
    "Android tablets": "Tablettes Android",
    "Accessories": "Accessoires",
    "Cases & screen protection": "Coques et protections d'écran",
    "Chargers & cables": "Chargeurs et câbles",
    "Computers": "Informatique",
    "Laptops": "Ordinateurs portables",
    "Ultrabooks": "Ultraportables",
    "Gaming laptops": "PC portables gaming",
    "Peripherals": "Périphériques",
    "Keyboards": "Claviers",
    "Mice": "Souris",
    "Monitors": "Écrans",
    "Audio": "Audio",
    "Headphones": "Casques et écouteurs",
    "Over-ear headphones": "Casques circum-auriculaires",
    "Earbuds": "Écouteurs sans fil",
    "Speakers": "Enceintes",
    "Bluetooth speakers": "Enceintes Bluetooth",
    "Clothing": "Vêtements",
    "Men": "Homme",
    "Women": "Femme",
    "Unisex": "Unisexe",
    "T-shirts": "T-shirts",
    "Hoodies & sweatshirts": "Sweats et hoodies",
    "Home & Kitchen": "Maison et cuisine",
    "Coffee": "Café",
    "Coffee makers": "Cafetières et moulins",
    "Coffee beans": "Café en grains",
    "Cookware": "Ustensiles de cuisson",
    "Pans & skillets": "Poêles et sauteuses",
    "Books": "Livres",
    "Fiction": "Romans",
    "Crime & thrillers": "Polars et thrillers",
    "Non-fiction": "Essais et documents",
    "Food & cooking": "Cuisine et gastronomie",
}

CATEGORY_DESCRIPTIONS_FR: dict[str, str] = {
    "Phones & Tablets": "Smartphones débloqués, tablettes et les accessoires qui vont avec.",
    "Computers": "Des ordinateurs portables pour le travail et le jeu, et de quoi équiper un vrai "
    "bureau.",
    "Audio": "Casques, écouteurs et enceintes, pour la musique, les appels et tout le reste.",
    "Clothing": "Des basiques du quotidien en coton bio et en lin, faits pour durer.",
    "Home & Kitchen": "Matériel à café, grains fraîchement torréfiés et ustensiles de tous les "
    "jours.",
    "Books": "Romans haletants et livres de cuisine choisis par l'équipe.",
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
    title_fr: str = ""


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
    title_fr: str = ""
    description_fr: str = ""

    @property
    def is_parent(self) -> bool:
        return bool(self.variants)


def _sku(*parts: str) -> str:
    return "-".join(slugify(part).upper() for part in parts)


def _price(value: str | int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _fr(text: str, **names: str) -> str:
    """The French wording of a phrase of the tables below; a missing one fails at import."""
    return FRENCH[text].format(**names)


def _fr_units(text: str) -> str:
    """Sizes and capacities as French shops write them: 13,3 pouces, 16 Go, 1 To."""
    text = re.sub(r"(\d)\.(\d)", r"\1,\2", text).replace("-inch", " pouces")
    return re.sub(r"\b(\d+) ([GT])B\b", lambda m: f"{m[1]} {m[2]}o", text)


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

# French wording of the names, blurbs and specs in the tables above; "{brand}" marks where the
# brand goes in a French title.
FRENCH: dict[str, str] = {
    # Colours
    "Graphite": "Graphite",
    "Titanium": "Titane",
    "Glacier blue": "Bleu glacier",
    "Midnight": "Minuit",
    "White": "Blanc",
    "Navy": "Bleu marine",
    "Sand": "Sable",
    "Sage": "Sauge",
    "Charcoal": "Anthracite",
    "Forest green": "Vert forêt",
    # Phones
    "6.4-inch OLED": "OLED de 6,4 pouces",
    "6.7-inch LTPO OLED": "OLED LTPO de 6,7 pouces",
    "6.1-inch AMOLED": "AMOLED de 6,1 pouces",
    "6.5-inch LCD": "LCD de 6,5 pouces",
    "50 MP": "de 50 MP",
    "50 MP triple": "triple de 50 MP",
    "64 MP": "de 64 MP",
    "48 MP": "de 48 MP",
    # Apparel
    "Essential organic crew T-shirt": "T-shirt col rond essentiel en coton bio",
    "Relaxed linen-blend V-neck tee": "T-shirt col V ample en lin mélangé",
    "Heavyweight zip hoodie": "Sweat zippé à capuche épais",
    "180 g/m² organic cotton jersey with a regular fit and a ribbed crew neck":
        "jersey de coton bio de 180 g/m², coupe classique et col rond côtelé",
    "a breezy linen and cotton blend, cut loose with a soft V-neck and dropped shoulders":
        "un mélange léger de lin et de coton, coupe ample, col V souple et épaules tombantes",
    "brushed-back 400 g/m² fleece, a two-way metal zip and a lined hood":
        "molleton gratté de 400 g/m², zip métallique double curseur et capuche doublée",
    # Tablets
    "a keyboard-ready design for work on the go":
        "un design prêt pour le clavier, pour travailler en déplacement",
    "a 120 Hz display and quad speakers for films":
        "un écran 120 Hz et quatre haut-parleurs pour les films",
    "a drop-proof case and parental controls": "une coque antichoc et le contrôle parental",
    # Phone cases
    "slim silicone case": "Coque fine en silicone",
    "leather folio case": "Étui folio en cuir",
    "tempered glass screen protector, 2-pack": "Protection d'écran en verre trempé, lot de 2",
    "Soft-touch silicone with a microfibre lining": "Silicone toucher doux, doublure microfibre",
    "Full-grain leather with two card slots": "Cuir pleine fleur avec deux emplacements cartes",
    "9H glass, bubble-free fit": "Verre 9H, pose sans bulles",
    # Chargers
    "65 W GaN USB-C charger": "Chargeur USB-C GaN 65 W {brand}",
    "30 W USB-C wall charger": "Chargeur secteur USB-C 30 W {brand}",
    "Braided USB-C cable, 2 m": "Câble USB-C tressé {brand}, 2 m",
    "10,000 mAh power bank": "Batterie externe {brand} 10 000 mAh",
    "15 W wireless charging pad": "Chargeur à induction {brand} 15 W",
    "Charges a laptop, a phone and earbuds at once":
        "Recharge à la fois un ordinateur portable, un téléphone et des écouteurs",
    "Fast-charges most phones to 50% in 30 minutes":
        "Recharge la plupart des téléphones à 50 % en 30 minutes",
    "Nylon-braided, rated for 10,000 bends, 100 W":
        "Gaine en nylon tressé, testé pour 10 000 flexions, 100 W",
    "Pocket-sized, with USB-C in/out and 20 W output":
        "Format de poche, USB-C en entrée et en sortie, 20 W",
    "Qi-certified, with a non-slip base": "Certifié Qi, avec base antidérapante",
    # Keyboards, mice, monitors
    "K2 mechanical keyboard, brown switches": "Clavier mécanique {brand} K2, switchs marron",
    "K2 mechanical keyboard, red switches": "Clavier mécanique {brand} K2, switchs rouges",
    "Slim wireless keyboard": "Clavier sans fil extra-plat {brand}",
    "Compact travel keyboard": "Clavier de voyage compact {brand}",
    "Glide wireless mouse": "Souris sans fil {brand} Glide",
    "Glide Pro ergonomic mouse": "Souris ergonomique {brand} Glide Pro",
    "Viper gaming mouse": "Souris gaming {brand} Viper",
    "Silent travel mouse": "Souris de voyage silencieuse {brand}",
    "27-inch 4K IPS monitor": "Écran {brand} IPS 4K 27 pouces",
    "24-inch Full HD monitor": "Écran {brand} Full HD 24 pouces",
    "27-inch 165 Hz QHD gaming monitor": "Écran gaming {brand} QHD 165 Hz 27 pouces",
    "Tactile, quiet enough for the office, hot-swappable switches":
        "Tactile, assez silencieux pour le bureau, switchs remplaçables à chaud",
    "Smooth linear switches for gaming, hot-swappable":
        "Switchs linéaires fluides pour le jeu, remplaçables à chaud",
    "Low-profile keys, pairs with 3 devices": "Touches extra-plates, s'associe à 3 appareils",
    "Folds to pocket size, 3 months a charge":
        "Se plie au format poche, 3 mois d'autonomie par charge",
    "Silent clicks and a 70-day battery": "Clics silencieux et 70 jours d'autonomie",
    "A vertical grip for a neutral wrist": "Une prise verticale pour un poignet détendu",
    "58 g, 26,000 DPI sensor, braided cable": "58 g, capteur 26 000 DPI, câble tressé",
    "Bluetooth or USB receiver, one AA battery": "Bluetooth ou récepteur USB, une pile AA",
    "99% sRGB, USB-C with 65 W charging": "99 % sRGB, USB-C avec recharge 65 W",
    "Thin bezels, tilt stand, low blue light":
        "Bords fins, pied inclinable, lumière bleue réduite",
    "1 ms response, adaptive sync, height-adjustable stand":
        "Réponse 1 ms, synchronisation adaptative, pied réglable en hauteur",
    # Headphones, earbuds, speakers
    "ANC 700 wireless headphones": "Casque sans fil {brand} ANC 700",
    "Studio Monitor 50 headphones": "Casque {brand} Studio Monitor 50",
    "Bass One wireless headphones": "Casque sans fil {brand} Bass One",
    "Buds Pro noise-cancelling earbuds": "Écouteurs à réduction de bruit {brand} Buds Pro",
    "Pods Lite earbuds": "Écouteurs {brand} Pods Lite",
    "Sport Fit earbuds": "Écouteurs {brand} Sport Fit",
    "Boom Mini Bluetooth speaker": "Enceinte Bluetooth {brand} Boom Mini",
    "Boom 2 Bluetooth speaker": "Enceinte Bluetooth {brand} Boom 2",
    "Arena 360 speaker": "Enceinte {brand} Arena 360",
    "Adaptive noise cancelling, 30-hour battery, multipoint Bluetooth":
        "Réduction de bruit adaptative, 30 heures d'autonomie, Bluetooth multipoint",
    "Closed-back, flat response for mixing, detachable cable":
        "Fermé, réponse neutre pour le mixage, câble amovible",
    "Punchy bass, foldable, 40-hour battery":
        "Basses percutantes, pliable, 40 heures d'autonomie",
    "Noise cancelling, wireless charging case, IPX4":
        "Réduction de bruit, boîtier de charge sans fil, IPX4",
    "Light and comfortable, 24 hours with the case":
        "Légers et confortables, 24 heures avec le boîtier",
    "Ear hooks that stay put, sweat-proof IPX7":
        "Crochets d'oreille qui tiennent en place, résistants à la sueur IPX7",
    "Clips to a bag, 12 hours, waterproof": "S'accroche à un sac, 12 heures, étanche",
    "Room-filling sound, 20 hours, IP67": "Un son qui remplit la pièce, 20 heures, IP67",
    "360° sound, party mode, 24 hours": "Son à 360°, mode fête, 24 heures",
    # Kitchen
    "Pour-over coffee set": "Set café filtre {brand}",
    "Barista 15-bar espresso machine": "Machine à expresso {brand} Barista 15 bars",
    "Conical burr coffee grinder": "Moulin à café à meules coniques {brand}",
    "Cast-iron skillet, 26 cm": "Poêle en fonte {brand}, 26 cm",
    "Non-stick frying pan, 28 cm": "Poêle antiadhésive {brand}, 28 cm",
    "Stainless steel sauté pan, 24 cm": "Sauteuse en inox {brand}, 24 cm",
    "Glass dripper, server and 100 filters: clean, bright cups in four minutes":
        "Dripper en verre, carafe et 100 filtres : des tasses nettes et vives en quatre minutes",
    "Steam wand for microfoam, 58 mm portafilter, heats up in 30 seconds":
        "Buse vapeur pour la micromousse, porte-filtre de 58 mm, chaud en 30 secondes",
    "40 grind settings from espresso to cold brew":
        "40 réglages de mouture, de l'expresso au cold brew",
    "Pre-seasoned, oven-safe, works on induction":
        "Pré-culottée, va au four, compatible induction",
    "PFAS-free ceramic coating, stay-cool handle":
        "Revêtement céramique sans PFAS, poignée qui reste froide",
    "Tri-ply body for even heat, with a glass lid":
        "Corps trois couches pour une chaleur homogène, avec couvercle en verre",
    # Coffee
    "Ethiopia": "Éthiopie",
    "Colombia": "Colombie",
    "Kenya": "Kenya",
    "Brazil": "Brésil",
    "Guatemala": "Guatemala",
    "Rwanda": "Rwanda",
    "Light": "claire",
    "Medium": "moyenne",
    "Medium-dark": "moyenne-foncée",
    "jasmine, bergamot and peach": "jasmin, bergamote et pêche",
    "caramel, red apple and cocoa": "caramel, pomme rouge et cacao",
    "blackcurrant, grapefruit and cane sugar": "cassis, pamplemousse et sucre de canne",
    "hazelnut, milk chocolate and toffee": "noisette, chocolat au lait et caramel au beurre",
    "brown sugar, orange and almond": "cassonade, orange et amande",
    "red grape, hibiscus and honey": "raisin rouge, hibiscus et miel",
    # Books
    "The Harbour Light Murders": "Les Meurtres du phare",
    "Cold Ledger": "Comptes glacés",
    "Nine Days in Dakar": "Neuf jours à Dakar",
    "Salt, Smoke & Fire": "Sel, fumée et feu",
    "The Weeknight Table": "À table en semaine",
    "Injera & Beyond": "L'Injera et au-delà",
    "A lighthouse keeper vanishes and a Breton fishing town closes ranks.":
        "Un gardien de phare disparaît et un port de pêche breton fait bloc.",
    "A forensic accountant follows the money from Lagos to London.":
        "Une juricomptable suit l'argent de Lagos à Londres.",
    "A journalist has nine days to clear her brother's name.":
        "Une journaliste a neuf jours pour innocenter son frère.",
    "Cooking over live fire, from the backyard grill to the campfire.":
        "Cuisiner sur la braise, du barbecue du jardin au feu de camp.",
    "120 dinners that take thirty minutes or less.":
        "120 dîners prêts en trente minutes ou moins.",
    "Ethiopian home cooking, from berbere to the coffee ceremony.":
        "La cuisine familiale éthiopienne, du berbéré à la cérémonie du café.",
}

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
                title_fr=f"{brand} {model} 5G, {storage} Go, {_fr(colour)}",
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
                title_fr=f"Smartphone {brand} {model} 5G",
                description_fr=(
                    f"Le {brand} {model} associe un écran {_fr(screen)} à un appareil photo "
                    f"{_fr(camera)} et à une batterie de {battery} mAh qui tient largement la "
                    f"journée. Débloqué, double SIM, avec trois ans de mises à jour de sécurité. "
                    f"Choisissez le stockage qu'il vous faut."
                ),
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
                title_fr=f"{_fr(title)}, {_fr(colour)}, {size}",
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
                title_fr=_fr(title),
                description_fr=(
                    f"Matière : {_fr(fabric)}. Disponible en "
                    f"{' et '.join(_fr(colour).lower() for colour in colours)}, tailles "
                    f"{sizes[0]} à {sizes[-1]}. Lavage en machine à 30 °C, séchage en tambour "
                    f"à basse température."
                ),
            )
        )
    return specs


def _electronic(
    *,
    prefix: str,
    brand: str,
    name: str,
    price,
    category,
    description: str,
    title_fr: str,
    description_fr: str,
) -> ProductSpec:
    return ProductSpec(
        sku=_sku(prefix, brand, name),
        title=f"{brand} {name}",
        description=description,
        product_class="electronics",
        category=category,
        price=_price(price),
        attributes=(("brand", brand),),
        title_fr=title_fr,
        description_fr=description_fr,
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
            title_fr=f"Tablette {brand} {model} {_fr_units(screen)}, {storage} Go",
            description_fr=(
                f"Une tablette Android de {_fr_units(screen)} avec {storage} Go, le Wi-Fi 6 et "
                f"{_fr(pitch)}."
            ),
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
            title_fr=f"{_fr(kind)} pour {brand} {model}",
            description_fr=f"{_fr(blurb)}, taillé sur mesure pour le {brand} {model}.",
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
            title_fr=_fr(name, brand="Volt"),
            description_fr=f"{_fr(blurb)}.",
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
            title_fr=f"Ordinateur portable {brand} {model}",
            description_fr=(
                f"Le {brand} {model} : {_fr_units(spec)}. Clavier rétroéclairé, Wi-Fi 6E, deux "
                f"ports USB-C avec recharge et garantie de deux ans."
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
            title_fr=_fr(name, brand=brand),
            description_fr=f"{_fr(blurb)}.",
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
            title_fr=_fr(name, brand=brand),
            description_fr=f"{_fr(blurb)}.",
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
            title_fr=f"Café en grains {_fr(country)} {region}, 250 g",
            description_fr=(
                f"Café d'origine unique ({region}, {_fr(country)}), torréfaction "
                f"{_fr(roast)} en petits lots chaque semaine. Notes de dégustation : "
                f"{_fr(notes)}."
            ),
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
            title_fr=_fr(title),
            description_fr=f"{_fr(blurb)} De {author}, {pages} pages, broché.",
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


# --- Content pages --------------------------------------------------------------------------------
# Built once when missing (editors' later changes are kept), each with its French translation.


@dataclass(frozen=True)
class ContentPageSpec:
    slug: str
    title: str
    title_fr: str
    text: str
    text_fr: str


@dataclass(frozen=True)
class ArticleSpec:
    slug: str
    title: str
    title_fr: str
    intro: str
    intro_fr: str
    text: str
    text_fr: str
    product_sku: str
    carousel_skus: tuple[str, ...]


HOME_PAGE_FR = {
    "hero_title": "Bienvenue",
    "hero_text": "Téléphones, ordinateurs, audio, vêtements et café.",
    "intro": (
        "<p>Ceci est une boutique de démonstration : parcourez le catalogue, remplissez un "
        "panier et payez avec le fournisseur de paiement de test. Rien n'est débité.</p>"
    ),
    "featured_title": "Produits phares",
}

ABOUT_PAGE = ContentPageSpec(
    slug="about-us",
    title="About",
    title_fr="À propos",
    text="<p>We sell phones, computers, audio gear, clothing and coffee, delivered fast.</p>",
    text_fr="<p>Nous vendons téléphones, ordinateurs, audio, vêtements et café, livrés vite.</p>",
)

JOURNAL_PAGE = ContentPageSpec(
    slug="journal",
    title="Journal",
    title_fr="Journal",
    text="<p>Guides and stories from our team.</p>",
    text_fr="<p>Guides et histoires de notre équipe.</p>",
)

ARTICLES: tuple[ArticleSpec, ...] = (
    ArticleSpec(
        slug="work-from-anywhere",
        title="Work from anywhere",
        title_fr="Travailler de partout",
        intro="A light laptop, good headphones and a speaker for the evening.",
        intro_fr="Un ordinateur léger, un bon casque et une enceinte pour le soir.",
        text="<p>Our picks for a mobile office.</p>",
        text_fr="<p>Notre sélection pour un bureau nomade.</p>",
        product_sku=FEATURED_SKUS[1],
        carousel_skus=(FEATURED_SKUS[2], FEATURED_SKUS[6], FEATURED_SKUS[0]),
    ),
    ArticleSpec(
        slug="the-perfect-cup",
        title="The perfect cup",
        title_fr="La tasse parfaite",
        intro="From the bean to the espresso machine.",
        intro_fr="Du grain à la machine à espresso.",
        text="<p>Everything you need for great coffee at home.</p>",
        text_fr="<p>Tout pour un excellent café à la maison.</p>",
        product_sku=FEATURED_SKUS[4],
        carousel_skus=(FEATURED_SKUS[7], FEATURED_SKUS[4]),
    ),
)

LANDING_CATEGORY = "Audio"
LANDING_PAGE = ContentPageSpec(
    slug="audio-guide",
    title="Audio",
    title_fr="Audio",
    text="<p>Headphones and speakers for every budget.</p>",
    text_fr="<p>Casques et enceintes pour tous les budgets.</p>",
)

# Products that get a story page, with a French story too.
STORY_SKUS: tuple[str, ...] = FEATURED_SKUS[:3]

FOOTER_TEXT = "<p>Nexus Commerce demo shop. Nothing is charged, nothing is shipped.</p>"
FOOTER_TEXT_FR = "<p>Boutique de démonstration. Rien n'est débité, rien n'est expédié.</p>"
