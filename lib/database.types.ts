export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]

export type Database = {
  // Allows to automatically instantiate createClient with right options
  // instead of createClient<Database, { PostgrestVersion: 'XX' }>(URL, KEY)
  __InternalSupabase: {
    PostgrestVersion: "12.2.3"
  }
  public: {
    Tables: {
      calendar_feeds: {
        Row: {
          created_at: string
          token_hash: string
          user_id: string
        }
        Insert: {
          created_at?: string
          token_hash: string
          user_id: string
        }
        Update: {
          created_at?: string
          token_hash?: string
          user_id?: string
        }
        Relationships: []
      }
      habitat_invitations: {
        Row: {
          created_at: string
          email: string | null
          expires_at: string | null
          habitat_id: string
          id: string
          invited_by: string | null
          kind: string
          max_uses: number | null
          responded_at: string | null
          status: string
          token_hash: string | null
          use_count: number
        }
        Insert: {
          created_at?: string
          email?: string | null
          expires_at?: string | null
          habitat_id: string
          id?: string
          invited_by?: string | null
          kind: string
          max_uses?: number | null
          responded_at?: string | null
          status?: string
          token_hash?: string | null
          use_count?: number
        }
        Update: {
          created_at?: string
          email?: string | null
          expires_at?: string | null
          habitat_id?: string
          id?: string
          invited_by?: string | null
          kind?: string
          max_uses?: number | null
          responded_at?: string | null
          status?: string
          token_hash?: string | null
          use_count?: number
        }
        Relationships: [
          {
            foreignKeyName: "habitat_invitations_habitat_id_fkey"
            columns: ["habitat_id"]
            isOneToOne: false
            referencedRelation: "habitats"
            referencedColumns: ["id"]
          },
        ]
      }
      habitat_members: {
        Row: {
          habitat_id: string
          joined_at: string
          role: string
          user_id: string
        }
        Insert: {
          habitat_id: string
          joined_at?: string
          role?: string
          user_id: string
        }
        Update: {
          habitat_id?: string
          joined_at?: string
          role?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "habitat_members_habitat_id_fkey"
            columns: ["habitat_id"]
            isOneToOne: false
            referencedRelation: "habitats"
            referencedColumns: ["id"]
          },
        ]
      }
      habitat_watch_parties: {
        Row: {
          created_at: string
          created_by: string | null
          description: string | null
          habitat_id: string
          id: string
          media_provider: string | null
          media_url: string | null
          participant_count: number
          scheduled_end: string | null
          scheduled_start: string
          status: string
          thumbnail_url: string | null
          title: string
        }
        Insert: {
          created_at?: string
          created_by?: string | null
          description?: string | null
          habitat_id: string
          id?: string
          media_provider?: string | null
          media_url?: string | null
          participant_count?: number
          scheduled_end?: string | null
          scheduled_start: string
          status?: string
          thumbnail_url?: string | null
          title: string
        }
        Update: {
          created_at?: string
          created_by?: string | null
          description?: string | null
          habitat_id?: string
          id?: string
          media_provider?: string | null
          media_url?: string | null
          participant_count?: number
          scheduled_end?: string | null
          scheduled_start?: string
          status?: string
          thumbnail_url?: string | null
          title?: string
        }
        Relationships: [
          {
            foreignKeyName: "habitat_watch_parties_habitat_id_fkey"
            columns: ["habitat_id"]
            isOneToOne: false
            referencedRelation: "habitats"
            referencedColumns: ["id"]
          },
        ]
      }
      habitats: {
        Row: {
          created_at: string
          created_by: string | null
          description: string | null
          id: string
          name: string
        }
        Insert: {
          created_at?: string
          created_by?: string | null
          description?: string | null
          id?: string
          name: string
        }
        Update: {
          created_at?: string
          created_by?: string | null
          description?: string | null
          id?: string
          name?: string
        }
        Relationships: []
      }
      notifications: {
        Row: {
          created_at: string
          id: string
          kind: string
          party_id: string
          read_at: string | null
          starts_at: string
          title: string
          user_id: string
        }
        Insert: {
          created_at?: string
          id?: string
          kind: string
          party_id: string
          read_at?: string | null
          starts_at: string
          title: string
          user_id: string
        }
        Update: {
          created_at?: string
          id?: string
          kind?: string
          party_id?: string
          read_at?: string | null
          starts_at?: string
          title?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "notifications_party_id_fkey"
            columns: ["party_id"]
            isOneToOne: false
            referencedRelation: "habitat_watch_parties"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "notifications_party_id_fkey"
            columns: ["party_id"]
            isOneToOne: false
            referencedRelation: "streams_with_participants"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "notifications_party_id_fkey"
            columns: ["party_id"]
            isOneToOne: false
            referencedRelation: "upcoming_watch_parties"
            referencedColumns: ["id"]
          },
        ]
      }
      party_messages: {
        Row: {
          author_id: string
          body: string
          created_at: string
          edited_at: string | null
          id: string
          party_id: string
        }
        Insert: {
          author_id?: string
          body: string
          created_at?: string
          edited_at?: string | null
          id?: string
          party_id: string
        }
        Update: {
          author_id?: string
          body?: string
          created_at?: string
          edited_at?: string | null
          id?: string
          party_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "party_messages_author_id_fkey"
            columns: ["author_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "party_messages_party_id_fkey"
            columns: ["party_id"]
            isOneToOne: false
            referencedRelation: "habitat_watch_parties"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "party_messages_party_id_fkey"
            columns: ["party_id"]
            isOneToOne: false
            referencedRelation: "streams_with_participants"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "party_messages_party_id_fkey"
            columns: ["party_id"]
            isOneToOne: false
            referencedRelation: "upcoming_watch_parties"
            referencedColumns: ["id"]
          },
        ]
      }
      party_playback: {
        Row: {
          is_playing: boolean
          party_id: string
          playback_rate: number
          position_at: string
          position_seconds: number
          revision: number
          updated_at: string
          updated_by: string | null
        }
        Insert: {
          is_playing?: boolean
          party_id: string
          playback_rate?: number
          position_at?: string
          position_seconds?: number
          revision?: number
          updated_at?: string
          updated_by?: string | null
        }
        Update: {
          is_playing?: boolean
          party_id?: string
          playback_rate?: number
          position_at?: string
          position_seconds?: number
          revision?: number
          updated_at?: string
          updated_by?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "party_playback_party_id_fkey"
            columns: ["party_id"]
            isOneToOne: true
            referencedRelation: "habitat_watch_parties"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "party_playback_party_id_fkey"
            columns: ["party_id"]
            isOneToOne: true
            referencedRelation: "streams_with_participants"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "party_playback_party_id_fkey"
            columns: ["party_id"]
            isOneToOne: true
            referencedRelation: "upcoming_watch_parties"
            referencedColumns: ["id"]
          },
        ]
      }
      profiles: {
        Row: {
          avatar_url: string | null
          created_at: string
          display_name: string
          id: string
          updated_at: string
        }
        Insert: {
          avatar_url?: string | null
          created_at?: string
          display_name: string
          id: string
          updated_at?: string
        }
        Update: {
          avatar_url?: string | null
          created_at?: string
          display_name?: string
          id?: string
          updated_at?: string
        }
        Relationships: []
      }
      reminder_preferences: {
        Row: {
          lead_minutes: number
          stream_id: string
          user_id: string
        }
        Insert: {
          lead_minutes?: number
          stream_id: string
          user_id: string
        }
        Update: {
          lead_minutes?: number
          stream_id?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "reminder_preferences_participation_fkey"
            columns: ["user_id", "stream_id"]
            isOneToOne: true
            referencedRelation: "stream_participants"
            referencedColumns: ["user_id", "stream_id"]
          },
        ]
      }
      stream_participants: {
        Row: {
          created_at: string | null
          id: string
          is_host: boolean | null
          joined_at: string | null
          reminder_enabled: boolean | null
          stream_id: string
          user_id: string
        }
        Insert: {
          created_at?: string | null
          id?: string
          is_host?: boolean | null
          joined_at?: string | null
          reminder_enabled?: boolean | null
          stream_id: string
          user_id: string
        }
        Update: {
          created_at?: string | null
          id?: string
          is_host?: boolean | null
          joined_at?: string | null
          reminder_enabled?: boolean | null
          stream_id?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "stream_participants_stream_id_fkey"
            columns: ["stream_id"]
            isOneToOne: false
            referencedRelation: "habitat_watch_parties"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "stream_participants_stream_id_fkey"
            columns: ["stream_id"]
            isOneToOne: false
            referencedRelation: "streams_with_participants"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "stream_participants_stream_id_fkey"
            columns: ["stream_id"]
            isOneToOne: false
            referencedRelation: "upcoming_watch_parties"
            referencedColumns: ["id"]
          },
        ]
      }
    }
    Views: {
      streams_with_participants: {
        Row: {
          created_at: string | null
          created_by: string | null
          description: string | null
          habitat_id: string | null
          host_display_name: string | null
          host_user_id: string | null
          id: string | null
          is_user_host: boolean | null
          is_user_participant: boolean | null
          media_provider: string | null
          media_url: string | null
          participant_count: number | null
          scheduled_end: string | null
          scheduled_start: string | null
          status: string | null
          thumbnail_url: string | null
          title: string | null
          user_joined_at: string | null
          user_reminder_enabled: boolean | null
        }
        Relationships: [
          {
            foreignKeyName: "habitat_watch_parties_habitat_id_fkey"
            columns: ["habitat_id"]
            isOneToOne: false
            referencedRelation: "habitats"
            referencedColumns: ["id"]
          },
        ]
      }
      upcoming_watch_parties: {
        Row: {
          created_at: string | null
          created_by: string | null
          description: string | null
          habitat_id: string | null
          habitat_name: string | null
          host_display_name: string | null
          host_user_id: string | null
          id: string | null
          is_user_host: boolean | null
          is_user_participant: boolean | null
          media_provider: string | null
          media_url: string | null
          participant_count: number | null
          scheduled_end: string | null
          scheduled_start: string | null
          status: string | null
          thumbnail_url: string | null
          title: string | null
          user_reminder_enabled: boolean | null
        }
        Relationships: [
          {
            foreignKeyName: "habitat_watch_parties_habitat_id_fkey"
            columns: ["habitat_id"]
            isOneToOne: false
            referencedRelation: "habitats"
            referencedColumns: ["id"]
          },
        ]
      }
    }
    Functions: {
      accept_habitat_invitation: {
        Args: { p_invitation_id: string }
        Returns: string
      }
      accept_habitat_invite_link: { Args: { p_token: string }; Returns: string }
      calendar_feed: { Args: { p_token: string }; Returns: Json }
      create_habitat_invite_link: {
        Args: {
          p_expires_at?: string
          p_habitat_id: string
          p_max_uses?: number
        }
        Returns: {
          invitation_id: string
          token: string
        }[]
      }
      decline_habitat_invitation: {
        Args: { p_invitation_id: string }
        Returns: undefined
      }
      get_habitat_invite_link: {
        Args: { p_token: string }
        Returns: {
          habitat_id: string
          habitat_name: string
          state: string
        }[]
      }
      get_habitat_members: {
        Args: { p_habitat_id: string }
        Returns: {
          avatar_url: string
          display_name: string
          joined_at: string
          role: string
          user_id: string
        }[]
      }
      get_my_habitat_invitations: {
        Args: never
        Returns: {
          habitat_id: string
          habitat_name: string
          invitation_id: string
          invited_at: string
        }[]
      }
      get_party_messages: {
        Args: {
          p_before_created_at?: string
          p_before_id?: string
          p_limit?: number
          p_party_id: string
        }
        Returns: {
          author_id: string
          author_name: string
          body: string
          created_at: string
          edited_at: string
          id: string
          party_id: string
        }[]
      }
      get_party_playback: { Args: { p_party_id: string }; Returns: Json }
      get_stream_participants: {
        Args: { p_stream_id: string }
        Returns: {
          avatar_url: string
          display_name: string
          is_host: boolean
          joined_at: string
          participant_id: string
          user_id: string
        }[]
      }
      invite_to_habitat: {
        Args: { p_email: string; p_habitat_id: string }
        Returns: string
      }
      regenerate_calendar_feed: { Args: never; Returns: string }
      revoke_habitat_invitation: {
        Args: { p_invitation_id: string }
        Returns: undefined
      }
      server_time: { Args: never; Returns: number }
      set_party_playback: {
        Args: {
          p_at?: string
          p_party_id: string
          p_playing: boolean
          p_position: number
          p_rate?: number
        }
        Returns: Json
      }
      stream_participants_health: {
        Args: never
        Returns: {
          check_name: string
          detail: string
          stream_id: string
        }[]
      }
      transfer_stream_host: {
        Args: { p_new_host_user_id: string; p_stream_id: string }
        Returns: undefined
      }
    }
    Enums: {
      [_ in never]: never
    }
    CompositeTypes: {
      [_ in never]: never
    }
  }
}

type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] &
        DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] &
        DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never,
> = DefaultSchemaEnumNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never,
> = PublicCompositeTypeNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never

export const Constants = {
  public: {
    Enums: {},
  },
} as const
