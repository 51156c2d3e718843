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
