"""The templates each message starts with, per event, channel and language.

Merchandisers override any of them in the dashboard (``NotificationTemplate``); a French template
left empty falls back to the English one. Django template syntax; the context is described in
``commerce.communication.services``.
"""

from commerce.communication.events import Channel, Event

E, S = Channel.EMAIL, Channel.SMS

# (event, channel, language) -> (subject, body). SMS have no subject.
DEFAULT_TEMPLATES: dict[tuple[str, str, str], tuple[str, str]] = {
    (Event.ORDER_PLACED, E, "en"): (
        "{{ shop_name }}: order {{ order.number }} received",
        "Hello {{ name }},\n\nThank you for your order {{ order.number }} of {{ total }}.\n"
        "We will let you know when the payment is confirmed.\n\n{{ shop_name }}",
    ),
    (Event.ORDER_PLACED, E, "fr"): (
        "{{ shop_name }} : commande {{ order.number }} reçue",
        "Bonjour {{ name }},\n\nMerci pour votre commande {{ order.number }} de {{ total }}.\n"
        "Nous vous préviendrons dès que le paiement sera confirmé.\n\n{{ shop_name }}",
    ),
    (Event.ORDER_PLACED, S, "en"): ("", "{{ shop_name }}: order {{ order.number }} received."),
    (Event.ORDER_PLACED, S, "fr"): ("", "{{ shop_name }} : commande {{ order.number }} reçue."),
    (Event.PAYMENT_RECEIVED, E, "en"): (
        "{{ shop_name }}: payment received for order {{ order.number }}",
        "Hello {{ name }},\n\nWe received your payment of {{ total }} for order "
        "{{ order.number }}. We are preparing it.\n\n{{ shop_name }}",
    ),
    (Event.PAYMENT_RECEIVED, E, "fr"): (
        "{{ shop_name }} : paiement reçu pour la commande {{ order.number }}",
        "Bonjour {{ name }},\n\nNous avons reçu votre paiement de {{ total }} pour la commande "
        "{{ order.number }}. Nous la préparons.\n\n{{ shop_name }}",
    ),
    (Event.PAYMENT_RECEIVED, S, "en"): ("", "{{ shop_name }}: payment of {{ total }} received."),
    (Event.PAYMENT_RECEIVED, S, "fr"): ("", "{{ shop_name }} : paiement de {{ total }} reçu."),
    (Event.PAYMENT_FAILED, E, "en"): (
        "{{ shop_name }}: payment failed for order {{ order.number }}",
        "Hello {{ name }},\n\nThe payment for order {{ order.number }} did not go through. "
        "Your basket is waiting for you to try again.\n\n{{ shop_name }}",
    ),
    (Event.PAYMENT_FAILED, E, "fr"): (
        "{{ shop_name }} : échec du paiement de la commande {{ order.number }}",
        "Bonjour {{ name }},\n\nLe paiement de la commande {{ order.number }} n'a pas abouti. "
        "Votre panier vous attend pour réessayer.\n\n{{ shop_name }}",
    ),
    (Event.PAYMENT_FAILED, S, "en"): (
        "",
        "{{ shop_name }}: payment for {{ order.number }} failed.",
    ),
    (Event.PAYMENT_FAILED, S, "fr"): ("", "{{ shop_name }} : paiement {{ order.number }} refusé."),
    (Event.ORDER_SHIPPED, E, "en"): (
        "{{ shop_name }}: order {{ order.number }} has shipped",
        "Hello {{ name }},\n\nOrder {{ order.number }} is on its way with {{ carrier }}, "
        "tracking number {{ tracking_number }}.\n\n{{ shop_name }}",
    ),
    (Event.ORDER_SHIPPED, E, "fr"): (
        "{{ shop_name }} : commande {{ order.number }} expédiée",
        "Bonjour {{ name }},\n\nLa commande {{ order.number }} est en route avec {{ carrier }}, "
        "numéro de suivi {{ tracking_number }}.\n\n{{ shop_name }}",
    ),
    (Event.ORDER_SHIPPED, S, "en"): (
        "",
        "{{ shop_name }}: order {{ order.number }} shipped, {{ carrier }} {{ tracking_number }}.",
    ),
    (Event.ORDER_SHIPPED, S, "fr"): (
        "",
        "{{ shop_name }} : commande {{ order.number }} expédiée, {{ carrier }} "
        "{{ tracking_number }}.",
    ),
    (Event.ORDER_DELIVERED, E, "en"): (
        "{{ shop_name }}: order {{ order.number }} delivered",
        "Hello {{ name }},\n\nOrder {{ order.number }} has been delivered. Enjoy!\n\n"
        "{{ shop_name }}",
    ),
    (Event.ORDER_DELIVERED, E, "fr"): (
        "{{ shop_name }} : commande {{ order.number }} livrée",
        "Bonjour {{ name }},\n\nLa commande {{ order.number }} a été livrée. Bonne journée !\n\n"
        "{{ shop_name }}",
    ),
    (Event.ORDER_DELIVERED, S, "en"): ("", "{{ shop_name }}: order {{ order.number }} delivered."),
    (Event.ORDER_DELIVERED, S, "fr"): ("", "{{ shop_name }} : commande {{ order.number }} livrée."),
    (Event.ORDER_REFUNDED, E, "en"): (
        "{{ shop_name }}: refund for order {{ order.number }}",
        "Hello {{ name }},\n\nWe refunded {{ refunded }} for order {{ order.number }}.\n\n"
        "{{ shop_name }}",
    ),
    (Event.ORDER_REFUNDED, E, "fr"): (
        "{{ shop_name }} : remboursement de la commande {{ order.number }}",
        "Bonjour {{ name }},\n\nNous avons remboursé {{ refunded }} pour la commande "
        "{{ order.number }}.\n\n{{ shop_name }}",
    ),
    (Event.ORDER_REFUNDED, S, "en"): ("", "{{ shop_name }}: {{ refunded }} refunded."),
    (Event.ORDER_REFUNDED, S, "fr"): ("", "{{ shop_name }} : {{ refunded }} remboursés."),
    (Event.PASSWORD_RESET, E, "en"): (
        "{{ shop_name }}: reset your password",
        "Hello,\n\nTo choose a new password, open {{ reset_url }}\n"
        "If you did not ask for this, ignore this email.\n\n{{ shop_name }}",
    ),
    (Event.PASSWORD_RESET, E, "fr"): (
        "{{ shop_name }} : réinitialisez votre mot de passe",
        "Bonjour,\n\nPour choisir un nouveau mot de passe, ouvrez {{ reset_url }}\n"
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n\n{{ shop_name }}",
    ),
    (Event.PASSWORD_RESET, S, "en"): ("", "{{ shop_name }}: reset your password: {{ reset_url }}"),
    (Event.PASSWORD_RESET, S, "fr"): (
        "",
        "{{ shop_name }} : nouveau mot de passe : {{ reset_url }}",
    ),
    (Event.LOW_STOCK, E, "en"): (
        "Low stock: {{ product_title }}",
        "{{ product_title }} ({{ partner }}) is down to {{ available }} "
        "(threshold {{ threshold }}).",
    ),
    (Event.LOW_STOCK, E, "fr"): (
        "Stock bas : {{ product_title }}",
        "{{ product_title }} ({{ partner }}) n'a plus que {{ available }} unités "
        "(seuil {{ threshold }}).",
    ),
    (Event.LOW_STOCK, S, "en"): ("", "Low stock: {{ product_title }}, {{ available }} left."),
    (Event.LOW_STOCK, S, "fr"): ("", "Stock bas : {{ product_title }}, reste {{ available }}."),
    (Event.BASKET_REMINDER, E, "en"): (
        "{{ shop_name }}: your basket is waiting",
        "Hello {{ name }},\n\nYou left {{ items }} item(s) in your basket. "
        "Finish your order at {{ basket_url }}\n\n{{ shop_name }}",
    ),
    (Event.BASKET_REMINDER, E, "fr"): (
        "{{ shop_name }} : votre panier vous attend",
        "Bonjour {{ name }},\n\nVous avez laissé {{ items }} article(s) dans votre panier. "
        "Terminez votre commande sur {{ basket_url }}\n\n{{ shop_name }}",
    ),
    (Event.BASKET_REMINDER, S, "en"): ("", "{{ shop_name }}: your basket is waiting."),
    (Event.BASKET_REMINDER, S, "fr"): ("", "{{ shop_name }} : votre panier vous attend."),
}
