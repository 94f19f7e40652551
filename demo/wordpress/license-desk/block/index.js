/**
 * The License Desk block in the editor, without a build step: WordPress's own packages from
 * the `wp` global. The settings sit in the block's sidebar (InspectorControls); the page
 * gets the element from the server (`render_callback`), so `save` stores only the settings.
 */
( function ( wp ) {
	const { registerBlockType } = wp.blocks;
	const { InspectorControls, useBlockProps } = wp.blockEditor;
	const { PanelBody, Placeholder, SelectControl, TextControl, ToggleControl } = wp.components;
	const { createElement: el, Fragment } = wp.element;
	const { __ } = wp.i18n;

	const ELEMENTS = [
		{ value: 'licenses-search', label: __( 'Licenses search (the whole screen)', 'license-desk' ) },
		{ value: 'order-tile', label: __( 'One order', 'license-desk' ) },
		{ value: 'license-keys-table', label: __( "An order's license keys", 'license-desk' ) },
	];

	/** The provider's settings: attribute name, block attribute, label, help. */
	const PROVIDER_TEXT = [
		[ 'api-base', 'apiBase', __( 'API base URL', 'license-desk' ), __( 'e.g. /licenses-proxy/api/v1, a path of your site that adds the token.', 'license-desk' ) ],
		[ 'locale', 'locale', __( 'Locale', 'license-desk' ), __( 'e.g. en or de-DE; the page language when empty.', 'license-desk' ) ],
		[ 'time-zone', 'timeZone', __( 'Time zone', 'license-desk' ), __( 'e.g. Europe/Berlin.', 'license-desk' ) ],
		[ 'buy-url', 'buyUrl', __( 'Buy More URL', 'license-desk' ), __( 'With {productId}, e.g. https://shop.example.com/buy/{productId}.', 'license-desk' ) ],
		[ 'timeout', 'timeout', __( 'Timeout (ms)', 'license-desk' ), __( 'How long one request may take; 15000 when empty.', 'license-desk' ) ],
	];

	function Edit( { attributes, setAttributes } ) {
		const set = ( name ) => ( value ) => setAttributes( { [ name ]: value } );
		const needsOrder = attributes.element !== 'licenses-search';
		const summary = [ '<' + attributes.element + '>' ]
			.concat( PROVIDER_TEXT.filter( ( p ) => attributes[ p[ 1 ] ] ).map( ( p ) => p[ 0 ] + '="' + attributes[ p[ 1 ] ] + '"' ) )
			.join( ' ' );

		return el(
			Fragment,
			null,
			el(
				InspectorControls,
				null,
				el(
					PanelBody,
					{ title: __( 'License Desk', 'license-desk' ), initialOpen: true },
					el( SelectControl, { label: __( 'Element', 'license-desk' ), value: attributes.element, options: ELEMENTS, onChange: set( 'element' ) } ),
					PROVIDER_TEXT.map( ( [ , name, label, help ] ) =>
						el( TextControl, { key: name, label, help, value: attributes[ name ], onChange: set( name ) } )
					),
					el( SelectControl, {
						label: __( 'Credentials', 'license-desk' ),
						value: attributes.credentials,
						options: [
							{ value: '', label: __( '(default)', 'license-desk' ) },
							{ value: 'same-origin', label: 'same-origin' },
							{ value: 'include', label: __( 'include (a proxy on another origin, by cookie)', 'license-desk' ) },
							{ value: 'omit', label: 'omit' },
						],
						onChange: set( 'credentials' ),
					} ),
					needsOrder && el( TextControl, { label: __( 'Order id', 'license-desk' ), value: attributes.orderId, onChange: set( 'orderId' ) } ),
					! needsOrder && el( ToggleControl, { label: __( 'No heading', 'license-desk' ), checked: attributes.noHeading, onChange: set( 'noHeading' ) } ),
					! needsOrder && el( ToggleControl, { label: __( 'Keep the search in the URL', 'license-desk' ), checked: attributes.syncUrl, onChange: set( 'syncUrl' ) } )
				)
			),
			el(
				'div',
				useBlockProps(),
				el( Placeholder, { icon: 'admin-network', label: __( 'License Desk', 'license-desk' ), instructions: summary } )
			)
		);
	}

	registerBlockType( 'license-desk/element', { edit: Edit, save: () => null } );
} )( window.wp );
