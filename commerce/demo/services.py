"""Load the demo shop described in ``commerce.demo.data`` into the database.

``demo_load`` is idempotent: every object is looked up by a stable key (SKU as UPC, slug, code,
email) and only written when it is missing or differs from its definition, so a second load
creates nothing, writes nothing and leaves ``date_updated`` stamps alone. Operational data that
the shop itself changes is the exception: stock levels are only set when a stock record is
created, so reloading never undoes the orders placed since.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.text import slugify
from oscar.core.loading import get_model
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from cms.models import HomePage, HomePageFeaturedProduct
from commerce.demo import data
from commerce.demo.data import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoAccount
from commerce.demo.images import product_image_file
from commerce.roles.services import ROLES, Role, role_assign, role_groups_sync

__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_PASSWORD",
    "DemoAccount",
    "DemoSummary",
    "demo_load",
    "demo_progress_total",
]

Progress = Callable[[str], None]

# Steps reported to ``progress`` besides one per product (see ``demo_progress_total``).
_FIXED_STEPS = (
    "Countries",
    "Shipping methods",
    "Accounts",
    "Categories",
    "Product types",
    "Partner",
    "Home page",
)

# Password hashes already known to be of DEMO_PASSWORD. Checking a password costs a deliberate
# ~0.5 s, which a test suite reloading the demo per test would pay again and again; a hash
# string that matched once still matches, so it is safe to remember for the process.
_DEMO_PASSWORD_HASHES: set[str] = set()


@dataclass(frozen=True)
class DemoSummary:
    """What the demo consists of after the load, and how many rows this load wrote."""

    categories: int
    product_classes: int
    products: int
    variants: int
    stock_records: int
    images: int
    shipping_methods: int
    countries: int
    accounts: int
    featured_products: int
    created: int
    updated: int

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@dataclass
class _Tally:
    created: int = 0
    updated: int = 0
    # Image files reach storage before the transaction commits; kept to remove them on rollback.
    written_files: list[str] = field(default_factory=list)
    password_hash: str | None = None

    def demo_password_hash(self) -> str:
        # One hash for every demo account: hashing is deliberately slow (~0.5 s each) and a
        # per-account salt protects nothing when the password itself is published. Made per
        # load, not per process, so it always uses the hasher currently configured.
        if self.password_hash is None:
            self.password_hash = make_password(DEMO_PASSWORD)
            _DEMO_PASSWORD_HASHES.add(self.password_hash)
        return self.password_hash


def demo_progress_total() -> int:
    """How many times ``demo_load`` calls ``progress``: lets a caller size a progress bar."""
    return len(_FIXED_STEPS) + len(data.PRODUCTS)


def demo_load(*, progress: Progress | None = None) -> DemoSummary:
    """Create or refresh the demo shop; safe to run any number of times.

    ``progress`` is called with a short label after each step.
    """
    report: Progress = progress or (lambda label: None)
    tally = _Tally()
    try:
        # All or nothing: a failure half-way must not leave a catalogue without stock records or
        # a site without a home page.
        with transaction.atomic():
            return _load(report=report, tally=tally)
    except BaseException:
        _delete_files(names=tally.written_files)
        raise


def _load(*, report: Progress, tally: _Tally) -> DemoSummary:
    countries = _sync_countries(tally=tally)
    report("Countries")
    shipping_methods = _sync_shipping_methods(tally=tally)
    report("Shipping methods")
    for account in DEMO_ACCOUNTS:
        _sync_account(account=account, tally=tally)
    report("Accounts")
    categories = _sync_categories(tally=tally)
    report("Categories")
    classes, attributes = _sync_product_classes(tally=tally)
    report("Product types")
    partner = _upsert(
        get_model("partner", "Partner"),
        lookup={"code": data.PARTNER_CODE},
        values={"name": data.PARTNER_NAME},
        tally=tally,
    )
    report("Partner")

    product_ids_with_image = set(
        get_model("catalogue", "ProductImage")
        .objects.filter(product__upc__in=[spec.sku for spec in data.PRODUCTS])
        .values_list("product_id", flat=True)
    )
    stock_records = 0
    for spec in data.PRODUCTS:
        stock_records += _sync_product(
            spec=spec,
            classes=classes,
            attributes=attributes,
            categories=categories,
            partner=partner,
            product_ids_with_image=product_ids_with_image,
            tally=tally,
        )
        report(spec.title)

    featured = _sync_home_page(tally=tally)
    report("Home page")

    return DemoSummary(
        categories=len(categories),
        product_classes=len(classes),
        products=len(data.PRODUCTS),
        variants=sum(len(spec.variants) for spec in data.PRODUCTS),
        stock_records=stock_records,
        images=len(product_ids_with_image),
        shipping_methods=shipping_methods,
        countries=countries,
        accounts=len(DEMO_ACCOUNTS),
        featured_products=featured,
        created=tally.created,
        updated=tally.updated,
    )


def _upsert(
    model: type[models.Model],
    *,
    lookup: dict[str, Any],
    values: dict[str, Any],
    tally: _Tally,
    create_only: dict[str, Any] | None = None,
) -> Any:
    """The row matching ``lookup``, created or brought up to date with ``values``.

    Unlike ``update_or_create`` it does not save a row that is already up to date, so a reload
    issues no writes and leaves ``auto_now`` timestamps alone. ``create_only`` values are used
    for a new row and never overwritten afterwards. Foreign keys go in as ``<name>_id`` so the
    comparison costs no query.
    """
    manager = model._default_manager
    instance = manager.filter(**lookup).first()
    if instance is None:
        tally.created += 1
        return manager.create(**lookup, **values, **(create_only or {}))
    stale = {name: value for name, value in values.items() if getattr(instance, name) != value}
    if stale:
        for name, value in stale.items():
            setattr(instance, name, value)
        instance.save()
        tally.updated += 1
    return instance


def _delete_files(*, names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


# --- Shop settings ----------------------------------------------------------------------------


def _sync_countries(*, tally: _Tally) -> int:
    country_model = get_model("address", "Country")
    for country in data.COUNTRIES:
        _upsert(
            country_model,
            lookup={"iso_3166_1_a2": country.alpha2},
            values={
                "iso_3166_1_a3": country.alpha3,
                "iso_3166_1_numeric": country.numeric,
                "printable_name": country.printable_name,
                "name": country.official_name,
                "is_shipping_country": True,
            },
            tally=tally,
        )
    return len(data.COUNTRIES)


def _sync_shipping_methods(*, tally: _Tally) -> int:
    # Offered at checkout by commerce.shipping.repository.Repository, cheapest first.
    charges_model = get_model("shipping", "OrderAndItemCharges")
    for method in data.SHIPPING_METHODS:
        _upsert(
            charges_model,
            lookup={"code": method.code},
            values={
                "name": method.name,
                "description": method.description,
                "price_per_order": method.price_per_order,
                "price_per_item": 0,
                "free_shipping_threshold": method.free_shipping_threshold,
            },
            tally=tally,
        )
    return len(data.SHIPPING_METHODS)


# --- Accounts ---------------------------------------------------------------------------------


def _sync_account(*, account: DemoAccount, tally: _Tally) -> None:
    user_model = get_user_model()
    manager = user_model._default_manager
    is_superuser = account.role is None
    values = {
        "first_name": account.first_name,
        "last_name": account.last_name,
        "is_active": True,
        "is_superuser": is_superuser,
    }
    # Oscar signs in by email, so the email is the key; the username only has to be unique.
    user = manager.filter(email__iexact=account.email).first()
    created = user is None
    if created:
        username = account.username
        if manager.filter(username=username).exists():
            username = account.email
        user = manager.create(
            username=username,
            email=manager.normalize_email(account.email),
            password=tally.demo_password_hash(),
            is_staff=is_superuser,
            **values,
        )
        tally.created += 1
    else:
        stale = {name: value for name, value in values.items() if getattr(user, name) != value}
        if is_superuser and not user.is_staff:
            stale["is_staff"] = True
        if not _has_demo_password(user=user):
            stale["password"] = tally.demo_password_hash()
        if stale:
            for name, value in stale.items():
                setattr(user, name, value)
            user.save()
            tally.updated += 1

    if account.role is not None:
        role = Role(account.role)
        # role_assign always rewrites the groups; skip it when they are right already.
        if not _holds_role(user=user, role=role):
            role_assign(user=user, role=role)
            tally.updated += not created


def _has_demo_password(*, user) -> bool:
    if user.password in _DEMO_PASSWORD_HASHES:
        return True
    if user.check_password(DEMO_PASSWORD):
        _DEMO_PASSWORD_HASHES.add(user.password)
        return True
    return False


def _holds_role(*, user, role: Role) -> bool:
    definition = ROLES[role]
    role_groups = {d.group_name for d in ROLES.values() if d.group_name}
    held = set(user.groups.filter(name__in=role_groups).values_list("name", flat=True))
    wanted = {definition.group_name} if definition.group_name else set()
    return held == wanted and user.is_staff == (definition.is_staff or user.is_superuser)


# --- Catalogue --------------------------------------------------------------------------------


def _sync_categories(*, tally: _Tally) -> dict[tuple[str, ...], Any]:
    """The category tree, keyed by path, e.g. ("Audio", "Headphones", "Earbuds")."""
    category_model = get_model("catalogue", "Category")
    nodes: dict[tuple[str, ...], Any] = {}
    for path in data.category_paths():
        name = path[-1]
        slug = slugify(name)
        parent = nodes.get(path[:-1])
        # Slugs repeat across branches (Men > T-shirts, Women > T-shirts): look among siblings.
        siblings = category_model.get_root_nodes() if parent is None else parent.get_children()
        node = siblings.filter(slug=slug).first()
        # Every language's column by name: ``name`` alone is the active language's only.
        texts = {
            "name_en": name,
            "name_fr": data.CATEGORY_NAMES_FR[name],
            "description_en": data.CATEGORY_DESCRIPTIONS.get(name, "") if parent is None else "",
            "description_fr": (
                data.CATEGORY_DESCRIPTIONS_FR.get(name, "") if parent is None else ""
            ),
        }
        if node is None:
            # Treebeard computes the path: add_root/add_child, never objects.create. Reusing
            # the same parent instance keeps its in-memory child count right for the next child.
            fields = {"name": name, "slug": slug, **texts}
            if parent is None:
                node = category_model.add_root(**fields)
            else:
                node = parent.add_child(**fields)
            tally.created += 1
        elif any(getattr(node, column) != value for column, value in texts.items()):
            for column, value in texts.items():
                setattr(node, column, value)
            node.save()
            tally.updated += 1
        nodes[path] = node
    return nodes


def _sync_product_classes(*, tally: _Tally) -> tuple[dict[str, Any], dict[tuple[str, str], Any]]:
    class_model = get_model("catalogue", "ProductClass")
    attribute_model = get_model("catalogue", "ProductAttribute")
    classes: dict[str, Any] = {}
    attributes: dict[tuple[str, str], Any] = {}
    for spec in data.PRODUCT_CLASSES:
        product_class = _upsert(
            class_model,
            lookup={"slug": spec.slug},
            values={"name": spec.name, "requires_shipping": True, "track_stock": True},
            tally=tally,
        )
        classes[spec.slug] = product_class
        for code, name in spec.attributes:
            attributes[(spec.slug, code)] = _upsert(
                attribute_model,
                lookup={"product_class_id": product_class.pk, "code": code},
                values={"name": name, "type": attribute_model.TEXT, "required": False},
                tally=tally,
            )
    return classes, attributes


def _sync_product(
    *,
    spec: data.ProductSpec,
    classes: dict[str, Any],
    attributes: dict[tuple[str, str], Any],
    categories: dict[tuple[str, ...], Any],
    partner,
    product_ids_with_image: set[int],
    tally: _Tally,
) -> int:
    """One parent or stand-alone product with its variants; returns its stock record count."""
    product_model = get_model("catalogue", "Product")
    product = _upsert(
        product_model,
        lookup={"upc": spec.sku},
        values={
            # Every language's column by name: ``title`` alone is the active language's only.
            "title_en": spec.title,
            "title_fr": spec.title_fr,
            "slug": slugify(spec.title),
            "description_en": spec.description,
            "description_fr": spec.description_fr,
            "structure": product_model.PARENT if spec.is_parent else product_model.STANDALONE,
            "product_class_id": classes[spec.product_class].pk,
            "parent_id": None,
            "is_public": True,
        },
        tally=tally,
    )
    _sync_attribute_values(
        product=product,
        values=spec.attributes,
        attributes=attributes,
        product_class=spec.product_class,
        tally=tally,
    )
    _, created = get_model("catalogue", "ProductCategory").objects.get_or_create(
        product=product, category=categories[spec.category]
    )
    tally.created += created

    if product.pk not in product_ids_with_image:
        _add_image(product=product, spec=spec, tally=tally)
        product_ids_with_image.add(product.pk)

    if not spec.is_parent:
        _sync_stock_record(
            product=product, sku=spec.sku, price=spec.price, partner=partner, tally=tally
        )
        return 1

    # Children carry no class and no category (Oscar takes both from the parent) but do carry
    # the attributes that tell them apart, and are the ones with stock and a price. Oscar lists
    # children newest first and prices a parent at its first child: creating them in reverse
    # shows them in the defined order and prices the product card at the entry-level variant.
    for variant in reversed(spec.variants):
        child = _upsert(
            product_model,
            lookup={"upc": variant.sku},
            values={
                "title_en": variant.title,
                "title_fr": variant.title_fr,
                "slug": slugify(variant.title),
                "description_en": "",
                "description_fr": "",
                "structure": product_model.CHILD,
                "product_class_id": None,
                "parent_id": product.pk,
                "is_public": True,
            },
            tally=tally,
        )
        _sync_attribute_values(
            product=child,
            values=variant.attributes,
            attributes=attributes,
            product_class=spec.product_class,
            tally=tally,
        )
        _sync_stock_record(
            product=child, sku=variant.sku, price=variant.price, partner=partner, tally=tally
        )
    return len(spec.variants)


def _sync_attribute_values(
    *,
    product,
    values: tuple[tuple[str, str], ...],
    attributes: dict[tuple[str, str], Any],
    product_class: str,
    tally: _Tally,
) -> None:
    # Written as rows rather than through ``product.attr``: the container saves every value it
    # holds, and a row compared field by field is what keeps a reload write-free.
    value_model = get_model("catalogue", "ProductAttributeValue")
    for code, value in values:
        _upsert(
            value_model,
            lookup={"product_id": product.pk, "attribute_id": attributes[(product_class, code)].pk},
            values={"value_text": value},
            tally=tally,
        )


def _sync_stock_record(*, product, sku: str, price, partner, tally: _Tally) -> None:
    _upsert(
        get_model("partner", "StockRecord"),
        lookup={"partner_id": partner.pk, "partner_sku": sku},
        values={
            "product_id": product.pk,
            "price": price,
            "price_currency": settings.OSCAR_DEFAULT_CURRENCY,
        },
        # Orders move stock; a reload must not put back what customers bought.
        create_only={"num_in_stock": data.stock_level(sku)},
        tally=tally,
    )


def _add_image(*, product, spec: data.ProductSpec, tally: _Tally) -> None:
    image_model = get_model("catalogue", "ProductImage")
    image = image_model(product=product, caption=spec.title, display_order=0)
    picture = product_image_file(sku=spec.sku, title=spec.title, subtitle=spec.category[-1])
    name = image.original.field.generate_filename(image, picture.name)
    if _stored_file_equals(storage=image.original.storage, name=name, content=picture.read()):
        # Resetting the database leaves the media folder behind: point at the identical picture
        # already there instead of piling up copies under random suffixes.
        image.original.name = name
    else:
        image.original.save(picture.name, picture, save=False)
        tally.written_files.append(image.original.name)
    image.save()
    tally.created += 1


def _stored_file_equals(*, storage, name: str, content: bytes) -> bool:
    if not storage.exists(name):
        return False
    with storage.open(name, "rb") as stored:
        return stored.read() == content


# --- Content ----------------------------------------------------------------------------------


def _sync_home_page(*, tally: _Tally) -> int:
    """The Wagtail home page as the default site's root; returns the featured product count."""
    locale = _default_locale(tally=tally)
    root = Page.get_first_root_node()
    if root is None:
        # A database flush (transactional tests) empties wagtailcore_page, root included, and
        # Wagtail only creates its root in a migration, which a flush does not replay.
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
        tally.created += 1
    # Editors get their page rights on the root node: grant them now that a root surely exists
    # (after a flush, the post_migrate sync ran when there was none). No-op when already set.
    role_groups_sync()

    spec = data.home_page_spec(
        shop_name=settings.WAGTAIL_SITE_NAME, currency=settings.OSCAR_DEFAULT_CURRENCY
    )
    product_model = get_model("catalogue", "Product")
    by_sku = {p.upc: p for p in product_model.objects.filter(upc__in=data.FEATURED_SKUS)}
    featured = [by_sku[sku] for sku in data.FEATURED_SKUS]
    fields = {
        "title": spec.title,
        "hero_title": spec.hero_title,
        "hero_text": spec.hero_text,
        "intro": spec.intro,
        "featured_title": spec.featured_title,
    }

    home = HomePage.objects.filter(locale=locale).first()
    if home is None:
        _delete_wagtail_welcome_page(root=root, slug=spec.slug)
        # The deletion changed the root's child count in the database, not in this instance;
        # treebeard reads it to place the new child.
        root.refresh_from_db()
        home = root.add_child(instance=HomePage(slug=spec.slug, locale=locale, **fields))
        tally.created += 1
        changed = True
    else:
        current = list(home.featured_products.values_list("product_id", flat=True))
        changed = (
            not home.live
            or any(getattr(home, name) != value for name, value in fields.items())
            or current != [product.pk for product in featured]
        )
        if changed:
            tally.updated += 1

    if changed:
        for name, value in fields.items():
            setattr(home, name, value)
        home.featured_products = [
            HomePageFeaturedProduct(product=product, sort_order=index)
            for index, product in enumerate(featured)
        ]
        # Publishing through a revision keeps Wagtail's history and live_revision consistent.
        home.save_revision().publish()

    _sync_default_site(home=home, tally=tally)
    _sync_pages(home=home, tally=tally)
    return len(featured)


def _sync_pages(*, home, tally: _Tally) -> None:
    """Editorial pages under the home page, each with a French translation, and the footer.

    Pages are created when missing and then left to editors: a reload never overwrites them.
    """
    from cms.models import (
        ArticleIndexPage,
        ArticlePage,
        CategoryLandingPage,
        ContentPage,
        FooterSettings,
        ProductPage,
    )

    french = Locale.objects.filter(language_code="fr").first()
    product_model = get_model("catalogue", "Product")
    by_sku = product_model.objects.in_bulk(
        [sku for article in data.ARTICLES for sku in (article.product_sku, *article.carousel_skus)]
        + list(data.STORY_SKUS),
        field_name="upc",
    )

    def rich(text):
        return [("rich_text", text)]

    if french is not None:
        _translate(page=home, locale=french, fields=data.HOME_PAGE_FR, tally=tally)

    about = data.ABOUT_PAGE
    page = _child_page(
        parent=home,
        model=ContentPage,
        slug=about.slug,
        tally=tally,
        fields={"title": about.title, "body": rich(about.text), "show_in_menus": True},
    )
    if french is not None:
        _translate(
            page=page,
            locale=french,
            fields={"title": about.title_fr, "body": rich(about.text_fr)},
            tally=tally,
        )

    journal = data.JOURNAL_PAGE
    index = _child_page(
        parent=home,
        model=ArticleIndexPage,
        slug=journal.slug,
        tally=tally,
        fields={"title": journal.title, "intro": journal.text, "show_in_menus": True},
    )
    if french is not None:
        _translate(
            page=index,
            locale=french,
            fields={"title": journal.title_fr, "intro": journal.text_fr},
            tally=tally,
        )
    for article in data.ARTICLES:

        def article_body(text, article=article):
            return [
                ("rich_text", text),
                ("product", {"product": by_sku[article.product_sku]}),
                (
                    "product_carousel",
                    {
                        "products": [by_sku[sku] for sku in article.carousel_skus],
                        "limit": 8,
                        "order": "newest",
                    },
                ),
            ]

        page = _child_page(
            parent=index,
            model=ArticlePage,
            slug=article.slug,
            tally=tally,
            fields={
                "title": article.title,
                "intro": article.intro,
                "body": article_body(article.text),
            },
        )
        if french is not None:
            _translate(
                page=page,
                locale=french,
                fields={
                    "title": article.title_fr,
                    "intro": article.intro_fr,
                    "body": article_body(article.text_fr),
                },
                tally=tally,
            )

    landing = data.LANDING_PAGE
    category = (
        get_model("catalogue", "Category")
        .objects.filter(name_en=data.LANDING_CATEGORY, depth=1)
        .first()
    )
    if category is not None:

        def landing_body(text):
            return [
                ("rich_text", text),
                ("product_carousel", {"category": category, "limit": 8, "order": "price"}),
            ]

        page = _child_page(
            parent=home,
            model=CategoryLandingPage,
            slug=landing.slug,
            tally=tally,
            fields={
                "title": landing.title,
                "category": category,
                "body": landing_body(landing.text),
            },
        )
        if french is not None:
            _translate(
                page=page,
                locale=french,
                fields={"title": landing.title_fr, "body": landing_body(landing.text_fr)},
                tally=tally,
            )

    for sku in data.STORY_SKUS:
        product = by_sku[sku]
        page = _child_page(
            parent=home,
            model=ProductPage,
            slug=f"story-{slugify(sku)}",
            tally=tally,
            fields={
                "title": product.title_en or product.title,
                "product": product,
                "search_description": product.title_en or product.title,
                "story": rich(f"<p>Why we love the {product.title_en}.</p>"),
            },
        )
        if french is not None:
            title_fr = product.title_fr or product.title_en
            _translate(
                page=page,
                locale=french,
                fields={
                    "title": title_fr,
                    "search_description": title_fr,
                    "story": rich(f"<p>Pourquoi nous aimons : {title_fr}.</p>"),
                },
                tally=tally,
            )

    site = Site.objects.get(root_page=home)
    footer = FooterSettings.for_site(site)
    if not footer.text_en:
        footer.text_en = data.FOOTER_TEXT
        footer.text_fr = data.FOOTER_TEXT_FR
        about_page = home.get_children().filter(slug=data.ABOUT_PAGE.slug).first()
        footer.links = [("link", {"page": about_page}), ("link", {"page": index})]
        footer.save()
        tally.created += 1


def _child_page(*, parent, model, slug: str, fields: dict, tally: _Tally):
    """The child of ``parent`` with this slug, created and published when missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = parent.add_child(instance=model(slug=slug, locale=parent.locale, **fields))
    page.save_revision().publish()
    tally.created += 1
    return page


def _translate(*, page, locale, fields: dict, tally: _Tally):
    """The page's translation into ``locale``, created (copied, then given ``fields``) and
    published when missing."""
    translation = page.get_translation_or_none(locale)
    if translation is not None:
        return translation.specific
    translation = page.copy_for_translation(locale, copy_parents=True).specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    tally.created += 1
    return translation


def _default_locale(*, tally: _Tally):
    language_code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale, created = Locale.objects.get_or_create(language_code=language_code)
    tally.created += created
    return locale


def _delete_wagtail_welcome_page(*, root, slug: str) -> None:
    # Wagtail's migration leaves a plain "Welcome to your new Wagtail site!" page at /home/;
    # it would take the home page's slug. Only plain pages go: never someone's real content.
    plain_page = ContentType.objects.get_for_model(Page)
    for page in root.get_children().filter(slug=slug, content_type=plain_page):
        page.delete()


def _sync_default_site(*, home, tally: _Tally) -> None:
    site = Site.objects.filter(hostname="localhost", port=80).first()
    # Wagtail allows one default site; hand the flag over instead of having two.
    for other in Site.objects.filter(is_default_site=True).exclude(pk=getattr(site, "pk", None)):
        other.is_default_site = False
        other.save()
        tally.updated += 1
    _upsert(
        Site,
        lookup={"hostname": "localhost", "port": 80},
        values={
            "root_page_id": home.pk,
            "is_default_site": True,
            "site_name": settings.WAGTAIL_SITE_NAME,
        },
        tally=tally,
    )


def demo_is_loaded() -> bool:
    """Whether a demo shop was loaded into this database (its partner exists)."""
    return get_model("partner", "Partner").objects.filter(code=data.PARTNER_CODE).exists()
