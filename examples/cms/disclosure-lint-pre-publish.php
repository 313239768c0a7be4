<?php
/**
 * Plugin Name: disclosure-lint pre-publish check
 * Description: Before a post is published, asks a disclosure-lint service (disclosure-lint serve) whether a
 *              sponsored post says so clearly, names who paid and says it first. A post with failing
 *              findings stays a draft, with the findings shown to the editor.
 * Version:     0.1.0
 *
 * Settings (wp-config.php):
 *   define('DISCLOSURE_LINT_URL', 'http://127.0.0.1:8765');   // where `disclosure-lint serve` listens
 *   define('DISCLOSURE_LINT_TOKEN', '...');                     // when the service was started with one
 *   define('DISCLOSURE_LINT_PROFILE', 'eu');                    // optional
 */

if (!defined('ABSPATH')) {
    exit;
}

/** The service's answer for a post's content, or a WP_Error. */
function disclosure_lint_check(WP_Post $post) {
    $url = defined('DISCLOSURE_LINT_URL') ? DISCLOSURE_LINT_URL : 'http://127.0.0.1:8765';
    $headers = array('Content-Type' => 'application/json');
    if (defined('DISCLOSURE_LINT_TOKEN')) {
        $headers['Authorization'] = 'Bearer ' . DISCLOSURE_LINT_TOKEN;
    }
    $body = array(
        'content' => '<h1>' . esc_html($post->post_title) . '</h1>' . $post->post_content,
        'format'  => 'html',
        'source'  => 'wordpress/post-' . $post->ID,
    );
    if (defined('DISCLOSURE_LINT_PROFILE')) {
        $body['profile'] = DISCLOSURE_LINT_PROFILE;
    }
    $response = wp_remote_post(rtrim($url, '/') . '/v1/check', array(
        'headers' => $headers,
        'body'    => wp_json_encode($body),
        'timeout' => 30,
    ));
    if (is_wp_error($response)) {
        return $response;
    }
    $answer = json_decode(wp_remote_retrieve_body($response), true);
    $status = wp_remote_retrieve_response_code($response);
    if ($status !== 200 || !is_array($answer)) {
        $message = is_array($answer) && isset($answer['error']) ? $answer['error']['message'] : 'no answer';
        return new WP_Error('disclosure_lint', 'disclosure-lint: HTTP ' . $status . ': ' . $message);
    }
    return $answer;
}

/** Keep a post with failing findings a draft, and remember the findings for the editor. */
add_filter('wp_insert_post_data', function ($data, $postarr) {
    if ($data['post_status'] !== 'publish' || empty($postarr['ID'])) {
        return $data;
    }
    $post = get_post($postarr['ID']);
    if (!$post) {
        return $data;
    }
    $post->post_title = $data['post_title'];
    $post->post_content = wp_unslash($data['post_content']);
    $answer = disclosure_lint_check($post);
    if (is_wp_error($answer)) {
        // The service is down or refused the post: publish is not blocked, but the editor is told.
        set_transient('disclosure_lint_' . $post->ID, array(array('message' => $answer->get_error_message())), 600);
        return $data;
    }
    $findings = $answer['documents'][0]['findings'];
    set_transient('disclosure_lint_' . $post->ID, $findings, 600);
    if (!empty($answer['failed'])) {
        $data['post_status'] = 'draft';
    }
    return $data;
}, 10, 2);

/** Show the findings above the editor. Page text is escaped. */
add_action('admin_notices', function () {
    $screen = function_exists('get_current_screen') ? get_current_screen() : null;
    if (!$screen || $screen->base !== 'post' || empty($_GET['post'])) {
        return;
    }
    $id = (int) $_GET['post'];
    $findings = get_transient('disclosure_lint_' . $id);
    if (!$findings) {
        return;
    }
    echo '<div class="notice notice-warning"><p><strong>disclosure-lint</strong></p><ul>';
    foreach ($findings as $finding) {
        $where = isset($finding['code']) ? $finding['code'] . ' ' . $finding['name'] . ': ' : '';
        $fix = isset($finding['fix']) ? '<br><em>fix:</em> ' . esc_html($finding['fix']) : '';
        echo '<li>' . esc_html($where . $finding['message']) . $fix . '</li>';
    }
    echo '</ul></div>';
    delete_transient('disclosure_lint_' . $id);
});
