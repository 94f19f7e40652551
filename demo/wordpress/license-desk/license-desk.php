<?php
/**
 * Plugin Name:       License Desk
 * Description:       The License Desk elements in posts and pages: a block with its settings in the sidebar, and the shortcode [license_desk element="licenses-search" api-base="/licenses-proxy/api/v1" locale="de"].
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * License:           MIT
 * Text Domain:       license-desk
 *
 * The kit's single-file bundle (the package's dist/cdn/: license-desk.js and chunks/) goes
 * into this plugin's assets/ folder, or anywhere else named by the `license_desk_script_url`
 * filter. It is loaded once per page as a module, however many blocks and shortcodes the
 * page holds.
 */

defined( 'ABSPATH' ) || exit;

const LICENSE_DESK_VERSION = '0.1.0';

/** The provider's attributes: name => allowed values (null: any text). */
const LICENSE_DESK_PROVIDER_ATTRIBUTES = array(
	'api-base'    => null,
	'locale'      => null,
	'time-zone'   => null,
	'buy-url'     => null,
	'credentials' => array( 'omit', 'same-origin', 'include' ),
	'timeout'     => null,
);

/** The elements a page may hold, with their own attributes: name => 'text' | 'boolean'. */
const LICENSE_DESK_ELEMENTS = array(
	'licenses-search'    => array( 'no-heading' => 'boolean', 'sync-url' => 'boolean', 'page-size' => 'text' ),
	'order-tile'         => array( 'order-id' => 'text', 'open' => 'boolean' ),
	'license-keys-table' => array( 'order-id' => 'text', 'order-number' => 'text' ),
);

/**
 * Shown inside the element's tag until the kit's script defines it; the defined element
 * hides it. So a page whose script did not load says so instead of showing a blank box.
 */
const LICENSE_DESK_FALLBACK = array(
	'licenses-search'    => 'Loading licenses…',
	'order-tile'         => 'Loading the order…',
	'license-keys-table' => 'Loading the license keys…',
);

/** The block's settings (camelCase) as the elements' attribute names. */
const LICENSE_DESK_BLOCK_ATTRIBUTES = array(
	'apiBase'     => 'api-base',
	'locale'      => 'locale',
	'timeZone'    => 'time-zone',
	'buyUrl'      => 'buy-url',
	'credentials' => 'credentials',
	'timeout'     => 'timeout',
	'orderId'     => 'order-id',
	'noHeading'   => 'no-heading',
	'syncUrl'     => 'sync-url',
);

/** Where the kit's bundle is served from. */
function license_desk_script_url() {
	return apply_filters( 'license_desk_script_url', plugins_url( 'assets/license-desk.js', __FILE__ ) );
}

/**
 * Asks for the kit on this page. WordPress prints a script once per handle, so the page
 * gets one `<script type="module">` however often this runs: as a script module from
 * WordPress 6.5, before that as a classic script whose tag is made a module's.
 */
function license_desk_enqueue_kit() {
	if ( function_exists( 'wp_enqueue_script_module' ) ) {
		wp_enqueue_script_module( 'license-desk', license_desk_script_url(), array(), LICENSE_DESK_VERSION );
		return;
	}
	wp_enqueue_script( 'license-desk', license_desk_script_url(), array(), LICENSE_DESK_VERSION, true );
}

add_filter(
	'script_loader_tag',
	function ( $tag, $handle, $src ) {
		if ( 'license-desk' !== $handle ) {
			return $tag;
		}
		return sprintf( '<script type="module" src="%s" id="license-desk-js"></script>' . "\n", esc_url( $src ) );
	},
	10,
	3
);

/** ` name="value"` for each attribute that says something; a boolean as its bare name. */
function license_desk_attributes_html( array $attributes ) {
	$html = '';
	foreach ( $attributes as $name => $value ) {
		if ( true === $value ) {
			$html .= ' ' . $name;
		} elseif ( is_string( $value ) && '' !== $value ) {
			$html .= sprintf( ' %s="%s"', $name, esc_attr( $value ) );
		}
	}
	return $html;
}

/** A boolean attribute's value from a shortcode or block: present and not 'false'/'0'/'no'. */
function license_desk_flag( $value ) {
	if ( is_bool( $value ) ) {
		return $value;
	}
	return ! in_array( strtolower( trim( (string) $value ) ), array( 'false', '0', 'no', 'off' ), true );
}

/**
 * The markup of one element inside its provider, from attributes keyed by their HTML
 * names. Unknown elements and attributes are left out; every value is escaped.
 */
function license_desk_markup( $element, array $attributes ) {
	if ( ! isset( LICENSE_DESK_ELEMENTS[ $element ] ) ) {
		return '';
	}
	$provider = array();
	foreach ( LICENSE_DESK_PROVIDER_ATTRIBUTES as $name => $allowed ) {
		$value = isset( $attributes[ $name ] ) ? trim( (string) $attributes[ $name ] ) : '';
		if ( '' !== $value && ( null === $allowed || in_array( $value, $allowed, true ) ) ) {
			$provider[ $name ] = $value;
		}
	}
	$own = array();
	foreach ( LICENSE_DESK_ELEMENTS[ $element ] as $name => $type ) {
		if ( ! array_key_exists( $name, $attributes ) ) {
			continue;
		}
		$own[ $name ] = 'boolean' === $type ? license_desk_flag( $attributes[ $name ] ) : trim( (string) $attributes[ $name ] );
	}
	license_desk_enqueue_kit();
	$fallback = sprintf(
		'<p>%s %s</p>',
		esc_html( LICENSE_DESK_FALLBACK[ $element ] ),
		esc_html__( 'If this stays, the License Desk script did not load.', 'license-desk' )
	);
	return sprintf(
		'<licenses-provider%1$s><%2$s%3$s>%4$s</%2$s></licenses-provider>',
		license_desk_attributes_html( $provider ),
		$element,
		license_desk_attributes_html( $own ),
		$fallback
	);
}

/** The block's page markup, from its settings. */
function license_desk_render_block( $settings ) {
	$attributes = array();
	foreach ( LICENSE_DESK_BLOCK_ATTRIBUTES as $setting => $name ) {
		if ( isset( $settings[ $setting ] ) ) {
			$attributes[ $name ] = $settings[ $setting ];
		}
	}
	$element = isset( $settings['element'] ) ? (string) $settings['element'] : 'licenses-search';
	return license_desk_markup( $element, $attributes );
}

/**
 * [license_desk element="licenses-search" api-base="/licenses-proxy/api/v1" locale="de" no-heading]
 * A flag without a value (`no-heading`) counts as set.
 */
function license_desk_shortcode( $atts ) {
	$attributes = array();
	foreach ( (array) $atts as $key => $value ) {
		if ( is_int( $key ) ) {
			$attributes[ strtolower( (string) $value ) ] = true;
		} else {
			$attributes[ strtolower( $key ) ] = $value;
		}
	}
	$element = isset( $attributes['element'] ) && is_string( $attributes['element'] ) ? $attributes['element'] : 'licenses-search';
	return license_desk_markup( $element, $attributes );
}

add_action(
	'init',
	function () {
		register_block_type( __DIR__ . '/block', array( 'render_callback' => 'license_desk_render_block' ) );
		add_shortcode( 'license_desk', 'license_desk_shortcode' );
	}
);
